package dev.licensegateway.load;

import dev.licensegateway.load.sdk.SdkHeaders;
import dev.licensegateway.load.sdk.SdkRequestFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proves the load tests' copy of the SDK file builder byte for byte against the gateway's known-answer
 * vectors (SPEC §3, {@code src/test/resources/vectors/deactivation-files.json}: the first two entries, the
 * SDK-style v1 and v2 files) and the SPEC §2 header vector. Exits non-zero on any difference; the harness
 * runs it before every load.
 */
public final class SdkSelfCheck {

    static final String SHARED_KEY = "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja";

    private SdkSelfCheck() {
    }

    public static void main(String[] argv) throws Exception {
        String vectors = Files.readString(Path.of(argv.length > 0 ? argv[0] : "../src/test/resources/vectors/deactivation-files.json"));
        Matcher files = Pattern.compile("\"file\"\\s*:\\s*\"([^\"]*)\"").matcher(vectors);
        List<String> expected = files.results().map(r -> r.group(1).replace("\\n", "\n")).limit(2).toList();
        String v1 = SdkRequestFile.of(SHARED_KEY, vectorFields()).file();
        String v2 = SdkRequestFile.of(SHARED_KEY, vectorFields()).v2().file();
        SdkHeaders.Signed header = SdkHeaders.apiKey(SHARED_KEY, "ak-demo-0001", Instant.parse("2011-06-07T20:51:35Z"));
        boolean ok = check("v1 file", expected.get(0), v1)
                & check("v2 file", expected.get(1), v2)
                & check("header signature", "signature=\"UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q=\"",
                        header.authorization().replaceAll(".*(signature=\"[^\"]*\").*", "$1"));
        if (!ok) {
            System.exit(1);
        }
    }

    /** The fields of the vectors' SDK-style file, in the SDK's order, without the signature. */
    static Map<String, Object> vectorFields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("request", "deactivation");
        f.put("product", "studio");
        f.put("hardware_id", "3f1c9b2e-hw-0001");
        f.put("license_key", "AAAA-BBBB-CCCC");
        f.put("os_ver", "Linux-6.1");
        f.put("hostname", "fleet-node-01");
        f.put("ip", "10.0.0.7");
        f.put("mac_address", "02:00:00:00:00:07");
        f.put("sdk_ver", "PythonSDK 4.1.0");
        f.put("consumptions", 3);
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("feature", "render-minutes");
        feature.put("consumptions", 2);
        f.put("product_features", List.of(feature));
        f.put("date", "Tue, 07 Jun 2011 20:51:35 GMT");
        f.put("request_id", "7d2c1e0a-0000-4000-8000-000000000001");
        f.put("api_key", "ak-demo-0001");
        return f;
    }

    private static boolean check(String what, String expected, String actual) {
        boolean same = expected.equals(actual);
        System.out.println("sdk self-check: " + what + (same ? " matches the known answer" : " DIFFERS: expected "
                + expected.strip() + " got " + actual.strip()));
        return same;
    }
}
