package dev.licensegateway.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.licensegateway.load.Dataset;
import dev.licensegateway.load.sdk.SdkHeaders;
import dev.licensegateway.load.sdk.SdkRequestFile;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulations send, built per request exactly as the vendor's Python SDK builds it: a request file
 * for a device of the seeded {@link Dataset} (v1, or v2 for a share of them), and a Date and Authorization
 * computed when the request is fed, so the Date is always fresh. Feeders are infinite iterators; the
 * device ones hand out every device once, from {@code -Dfrom} on.
 */
final class Traffic {

    static final String SINGLE = "/api/v4/deactivate_offline";
    static final String BATCH = SINGLE + "/batch";

    private Traffic() {
    }

    static String prop(String name, String fallback) {
        return System.getProperty(name, fallback);
    }

    static double number(String name, double fallback) {
        return Double.parseDouble(System.getProperty(name, Double.toString(fallback)));
    }

    static HttpProtocolBuilder protocol(String baseUrl) {
        HttpProtocolBuilder protocol = http.baseUrl(baseUrl).userAgentHeader("license-gateway-load-tests");
        // A fleet tool reuses its connections; -DshareConnections=false gives every upload its own.
        return Boolean.parseBoolean(prop("shareConnections", "true")) ? protocol.shareConnections() : protocol;
    }

    /** Every device from {@code from} on, once: a new file each, every 1/v2Share-th in schema v2. */
    static Iterator<Map<String, Object>> distinctDevices(Dataset dataset, long from, double v2Share) {
        AtomicLong next = new AtomicLong(from);
        return new Infinite(() -> {
            long i = next.getAndIncrement();
            Dataset.Device device = dataset.device(i);
            String body = file(dataset, device, isV2(i, v2Share), device.company().sharedKey()).file();
            return signed(device.company(), body, device.company().sharedKey());
        });
    }

    /** Valid files whose Authorization is signed with a wrong key ({@code header}), or whose file is ({@code file}). */
    static Iterator<Map<String, Object>> forged(Dataset dataset, long from, long span, String forge) {
        AtomicLong next = new AtomicLong();
        return new Infinite(() -> {
            long i = from + Math.floorMod(next.getAndIncrement(), span);
            Dataset.Device device = dataset.device(i);
            String wrongKey = device.company().sharedKey() + "-forged";
            boolean forgeHeader = !"file".equals(forge);
            String body = file(dataset, device, i % 2 == 1, forgeHeader ? device.company().sharedKey() : wrongKey).file();
            return signed(device.company(), body, forgeHeader ? wrongKey : device.company().sharedKey());
        });
    }

    /** NDJSON bodies of {@code size} files each, distinct devices of one company. */
    static Iterator<Map<String, Object>> batches(Dataset dataset, long from, int size, double v2Share) {
        int companies = dataset.companies().size();
        AtomicLong nextBatch = new AtomicLong();
        return new Infinite(() -> {
            long b = nextBatch.getAndIncrement();
            // Batch b takes indices from + b*size*C + k*C (k < size): one company, devices never reused.
            long base = from + b * size * companies;
            Dataset.Device first = dataset.device(base);
            StringBuilder ndjson = new StringBuilder(size * 700);
            for (int k = 0; k < size; k++) {
                long i = base + (long) k * companies;
                ndjson.append(file(dataset, dataset.device(i), isV2(i, v2Share), first.company().sharedKey()).base64()).append('\n');
            }
            return signed(first.company(), ndjson.toString(), first.company().sharedKey());
        });
    }

    /**
     * Cycles over files already applied once, each time with fresh headers. The list is asked for at the
     * first request, so a simulation can fill it in {@code before()}.
     */
    static Iterator<Map<String, Object>> replays(java.util.function.Supplier<List<Map<String, Object>>> appliedFiles) {
        AtomicLong next = new AtomicLong();
        return new Infinite(() -> {
            List<Map<String, Object>> applied = appliedFiles.get();
            Map<String, Object> file = applied.get((int) Math.floorMod(next.getAndIncrement(), applied.size()));
            Dataset.Company company = (Dataset.Company) file.get("company");
            return signed(company, (String) file.get("body"), company.sharedKey());
        });
    }

    static HttpRequestActionBuilder deactivate(String name) {
        return post(name, SINGLE, "text/plain")
                .check(status().is(200), bodyString().is("license_deactivated"));
    }

    static HttpRequestActionBuilder rejected(String name, String code) {
        return post(name, SINGLE, "text/plain").check(status().is(400), jsonPath("$.code").is(code));
    }

    /** A batch answered 200 whose every result line is a 200. */
    static HttpRequestActionBuilder batch(String name) {
        return post(name, BATCH, "application/x-ndjson")
                .check(status().is(200), bodyString().transform(Traffic::failedItems).is(0));
    }

    static HttpRequestActionBuilder post(String name, String path, String contentType) {
        return http(name).post(path)
                .header("Content-Type", contentType)
                .header("Date", "#{date}")
                .header("Authorization", "#{authorization}")
                .body(StringBody("#{body}"));
    }

    /** Result lines of a batch whose status is not 200 (a line without a status counts as failed). */
    static int failedItems(String ndjson) {
        int failed = 0;
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank() && !line.replace(" ", "").contains("\"status\":200")) {
                failed++;
            }
        }
        return failed;
    }

    /** Deactivates {@code count} devices once (outside Gatling) and returns their files, for replays. */
    static List<Map<String, Object>> applyOnce(String baseUrl, Dataset dataset, long from, int count) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<Map<String, Object>> files = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            Dataset.Device device = dataset.device(i);
            String body = file(dataset, device, i % 2 == 1, device.company().sharedKey()).file();
            SdkHeaders.Signed headers = SdkHeaders.apiKey(device.company().sharedKey(), device.company().apiKey());
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + SINGLE))
                        .header("Content-Type", "text/plain").header("Date", headers.date())
                        .header("Authorization", headers.authorization())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("preparing replays: device " + i + " answered " + response.statusCode()
                            + " " + response.body());
                }
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException("preparing replays: " + e, e);
            }
            files.add(Map.of("company", device.company(), "body", body));
        }
        return files;
    }

    /** True unless the batch endpoint answers 404 (not deployed in this build). */
    static boolean batchAvailable(String baseUrl, Dataset dataset) {
        Dataset.Company company = dataset.companies().get(0);
        SdkHeaders.Signed headers = SdkHeaders.apiKey(company.sharedKey(), company.apiKey());
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + BATCH))
                    .header("Content-Type", "application/x-ndjson").header("Date", headers.date())
                    .header("Authorization", headers.authorization())
                    .POST(HttpRequest.BodyPublishers.ofString("\n")).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() != 404;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("probing " + BATCH + ": " + e, e);
        }
    }

    static SdkRequestFile file(Dataset dataset, Dataset.Device device, boolean v2, String signingKey) {
        SdkRequestFile file = SdkRequestFile.keyBased(signingKey, device.company().apiKey(), dataset.product(),
                device.licenseKey(), device.hardwareId(), Instant.now(), UUID.randomUUID().toString());
        return v2 ? file.v2() : file;
    }

    static boolean isV2(long i, double share) {
        return Math.floor((i + 1) * share) > Math.floor(i * share);
    }

    private static Map<String, Object> signed(Dataset.Company company, String body, String headerKey) {
        SdkHeaders.Signed headers = SdkHeaders.apiKey(headerKey, company.apiKey());
        return Map.of("body", body, "date", headers.date(), "authorization", headers.authorization());
    }

    /** An endless feeder over a generator. */
    private record Infinite(java.util.function.Supplier<Map<String, Object>> generator) implements Iterator<Map<String, Object>> {

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Map<String, Object> next() {
            return generator.get();
        }
    }
}
