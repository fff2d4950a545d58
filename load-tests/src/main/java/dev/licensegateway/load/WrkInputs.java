package dev.licensegateway.load;

import dev.licensegateway.load.sdk.SdkHeaders;
import dev.licensegateway.load.sdk.SdkRequestFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Pre-builds what {@code wrk/files.lua} sends, because wrk's Lua cannot compute HMAC-SHA256:
 * <ul>
 *   <li>{@code --kind files}: one request file per line ({@code company-index TAB base64}), device
 *       {@code from}…{@code from+count-1}, every {@code 1/v2-share}-th one in schema v2, built exactly as the
 *       Python SDK builds them;</li>
 *   <li>{@code --kind batch}: one batch body per line ({@code company-index TAB base64 base64 …}, the spaces
 *       become NDJSON newlines in Lua), {@code batch-size} files each, all of one company;</li>
 *   <li>{@code --kind headers}: per company and per minute from one minute ago to {@code minutes} ahead, the
 *       Date (that minute) and its Authorization, plus a forged Authorization (signed with a wrong key).
 *       Lua picks the current minute's pair for each request, so every Date sent is fresh.</li>
 * </ul>
 */
public final class WrkInputs {

    private WrkInputs() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        Dataset dataset = Dataset.load(Path.of(args.required("dataset")));
        Path out = Path.of(args.required("out"));
        switch (args.required("kind")) {
            case "files" -> files(dataset, out, args.number("from", 0), args.number("count", 1000), args.decimal("v2-share", 0.5));
            case "batch" -> batches(dataset, out, args.number("from", 0), args.number("count", 1000),
                    (int) args.number("batch-size", 100), args.decimal("v2-share", 0.5));
            case "headers" -> headers(dataset, out, (int) args.number("minutes", 30));
            default -> throw new IllegalArgumentException("--kind files|batch|headers");
        }
    }

    static void files(Dataset dataset, Path out, long from, long count, double v2Share) throws IOException {
        Instant writtenAt = Instant.now();
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (long i = from; i < from + count; i++) {
                Dataset.Device device = dataset.device(i);
                w.write(companyIndex(dataset, device));
                w.write('\t');
                w.write(file(dataset, device, writtenAt, isV2(i, v2Share)).base64());
                w.write('\n');
            }
        }
    }

    /** Batches take consecutive devices of one company: indices {@code c, c + C, c + 2C, …} for company c. */
    static void batches(Dataset dataset, Path out, long from, long count, int batchSize, double v2Share) throws IOException {
        Instant writtenAt = Instant.now();
        int companies = dataset.companies().size();
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (int c = 0; c < companies; c++) {
                long first = from + Math.floorMod(c - from, companies);
                int inBatch = 0;
                for (long i = first; i < from + count; i += companies) {
                    Dataset.Device device = dataset.device(i);
                    if (inBatch == 0) {
                        w.write(Integer.toString(c));
                        w.write('\t');
                    } else {
                        w.write(' ');
                    }
                    w.write(file(dataset, device, writtenAt, isV2(i, v2Share)).base64());
                    if (++inBatch == batchSize) {
                        w.write('\n');
                        inBatch = 0;
                    }
                }
                if (inBatch > 0) {
                    w.write('\n');
                }
            }
        }
    }

    static void headers(Dataset dataset, Path out, int minutes) throws IOException {
        long now = Instant.now().getEpochSecond() / 60;
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (int c = 0; c < dataset.companies().size(); c++) {
                Dataset.Company company = dataset.companies().get(c);
                String wrongKey = company.sharedKey() + "-forged";
                for (long minute = now - 1; minute <= now + minutes; minute++) {
                    Instant at = Instant.ofEpochSecond(minute * 60);
                    SdkHeaders.Signed signed = SdkHeaders.apiKey(company.sharedKey(), company.apiKey(), at);
                    SdkHeaders.Signed forged = SdkHeaders.apiKey(wrongKey, company.apiKey(), at);
                    w.write(c + "\t" + minute + "\t" + signed.date() + "\t" + signed.authorization() + "\t"
                            + forged.authorization() + "\n");
                }
            }
        }
    }

    static SdkRequestFile file(Dataset dataset, Dataset.Device device, Instant writtenAt, boolean v2) {
        SdkRequestFile file = SdkRequestFile.keyBased(device.company().sharedKey(), device.company().apiKey(),
                dataset.product(), device.licenseKey(), device.hardwareId(), writtenAt, UUID.randomUUID().toString());
        return v2 ? file.v2() : file;
    }

    /** Spreads v2 files evenly: with share 0.5 every other file, with 0.25 every fourth. */
    static boolean isV2(long i, double share) {
        return Math.floor((i + 1) * share) > Math.floor(i * share);
    }

    private static String companyIndex(Dataset dataset, Dataset.Device device) {
        return Long.toString(device.index() % dataset.companies().size());
    }
}
