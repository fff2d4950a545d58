package dev.licensegateway.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The dataset generator: creates companies (one import document each: shared key, API key, product
 * {@code fleet}, its licenses) through {@code POST /admin/v1/import}, then streams every company's active
 * devices through the bulk path {@code POST /admin/v1/companies/{company}/devices:bulk} as NDJSON generated
 * on the fly (never held in memory), and writes the {@link Dataset} file the other tools read. Prints the
 * bulk rate and the time it means per million devices.
 *
 * <pre>java -cp load-tests/target/classes dev.licensegateway.load.SeedDataset --base-url http://127.0.0.1:8080
 *      --admin-token T --devices 1000000 [--per-license 10] [--companies 1] [--parallel 1] [--out dataset.properties]</pre>
 */
public final class SeedDataset {

    /** Licenses per import document: keeps each document well under Quarkus' default 10 MiB body limit. */
    static final int MAX_LICENSES_PER_COMPANY = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String adminToken;

    private SeedDataset(String baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        long devices = args.number("devices", 100_000);
        int perLicense = (int) args.number("per-license", 10);
        long licenses = Math.max(1, (devices + perLicense - 1) / perLicense);
        int companies = (int) Math.max(args.number("companies", 1), (licenses + MAX_LICENSES_PER_COMPANY - 1) / MAX_LICENSES_PER_COMPANY);
        int licensesPerCompany = (int) ((licenses + companies - 1) / companies);
        String prefix = args.get("prefix", "lt") + "-" + HexFormat.of().formatHex(random(3));
        List<Dataset.Company> list = new ArrayList<>();
        for (int c = 0; c < companies; c++) {
            list.add(new Dataset.Company(prefix + "-" + c, token("sk-", 20), token("ak-", 12)));
        }
        Dataset dataset = new Dataset("fleet", List.copyOf(list), licensesPerCompany, perLicense);
        SeedDataset seed = new SeedDataset(args.required("base-url"), args.required("admin-token"));

        long started = System.nanoTime();
        for (Dataset.Company company : dataset.companies()) {
            seed.importCompany(dataset, company);
        }
        double importSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "seed: import %d companies, %,d licenses in %.1f s%n", companies,
                (long) companies * licensesPerCompany, importSeconds);

        int parallel = (int) Math.min(companies, Math.max(1, args.number("parallel", 1)));
        started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<Long>> loads = new ArrayList<>();
        for (Dataset.Company company : dataset.companies()) {
            loads.add(pool.submit(() -> seed.bulkDevices(dataset, company)));
        }
        long loaded = 0;
        for (Future<Long> load : loads) {
            loaded += load.get();
        }
        pool.shutdown();
        double bulkSeconds = (System.nanoTime() - started) / 1e9;
        long perSecond = Math.round(loaded / bulkSeconds);
        System.out.printf(Locale.ROOT, "seed: bulk %,d active devices in %.1f s = %,d devices/s (%d parallel loads) "
                        + "-> %.0f s per million devices%n", loaded, bulkSeconds, perSecond, parallel,
                1_000_000.0 / perSecond);
        Path out = Path.of(args.get("out", "target/dataset.properties"));
        dataset.save(out);
        System.out.println("seed: dataset written to " + out);
    }

    private void importCompany(Dataset dataset, Dataset.Company company) throws IOException, InterruptedException {
        StringBuilder json = new StringBuilder(80 * dataset.licensesPerCompany() + 512);
        json.append("{\"companies\": [{\"code\": \"").append(company.code()).append("\", \"name\": \"Load test ")
                .append(company.code()).append("\", \"shared_keys\": [\"").append(company.sharedKey())
                .append("\"], \"api_keys\": [{\"key\": \"").append(company.apiKey()).append("\"}], ")
                .append("\"products\": [{\"code\": \"").append(dataset.product())
                .append("\", \"name\": \"Fleet\", \"authorization_method\": \"license-key\", \"features\": [], \"licenses\": [");
        for (int l = 0; l < dataset.licensesPerCompany(); l++) {
            json.append(l == 0 ? "" : ",").append("{\"license_key\":\"").append(Dataset.licenseKey(l))
                    .append("\",\"type\":\"perpetual\",\"max_activations\":").append(dataset.devicesPerLicense()).append('}');
        }
        json.append("]}]}]}");
        HttpResponse<String> response = http.send(admin("/admin/v1/import")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("import of " + company.code() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private long bulkDevices(Dataset dataset, Dataset.Company company) throws IOException, InterruptedException {
        long count = (long) dataset.licensesPerCompany() * dataset.devicesPerLicense();
        HttpResponse<String> response = http.send(admin("/admin/v1/companies/" + company.code() + "/devices:bulk")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new DeviceLines(dataset)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("bulk load of " + company.code() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return count;
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + adminToken);
    }

    /** One company's devices as NDJSON, generated while the upload reads it: license by license, slot by slot. */
    static final class DeviceLines extends InputStream {

        private final Dataset dataset;
        private final long total;
        private long next;
        private byte[] chunk = new byte[0];
        private int position;

        DeviceLines(Dataset dataset) {
            this.dataset = dataset;
            this.total = (long) dataset.licensesPerCompany() * dataset.devicesPerLicense();
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position == chunk.length && !refill()) {
                return -1;
            }
            int n = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, target, offset, n);
            position += n;
            return n;
        }

        private boolean refill() {
            if (next >= total) {
                return false;
            }
            StringBuilder lines = new StringBuilder(64 * 1024);
            int perLicense = dataset.devicesPerLicense();
            for (int i = 0; i < 1000 && next < total; i++, next++) {
                long license = next / perLicense;
                long slot = next % perLicense;
                lines.append("{\"license_key\": \"").append(Dataset.licenseKey(license)).append("\", \"hardware_id\": \"")
                        .append(Dataset.HARDWARE_ID_BASE + license * perLicense + slot).append("\", \"active\": true}\n");
            }
            chunk = lines.toString().getBytes(StandardCharsets.US_ASCII);
            position = 0;
            return true;
        }
    }

    private static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }

    private static String token(String prefix, int bytes) {
        return prefix + HexFormat.of().formatHex(random(bytes));
    }
}
