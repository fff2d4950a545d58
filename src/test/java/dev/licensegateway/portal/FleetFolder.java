package dev.licensegateway.portal;

import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A folder of request files as a fleet operator would carry it: mostly genuine files, and the bad ones an
 * operator meets (forged, unknown license, garbage, activation files, script-injection values), each with
 * the outcome the gateway must answer for it.
 */
final class FleetFolder {

    /** What the portal must show for one file. {@code code} is null for a success. */
    record Expected(String outcome, String code, String license, String hardwareId) {
    }

    static final String INJECTION = "<img src=x onerror=\"document.title='pwned'\">";
    static final String SCRIPT = "<script>document.title='pwned'</script>";

    final Path directory;
    final Map<String, Expected> expected = new LinkedHashMap<>();
    final Map<String, String> requestIds = new LinkedHashMap<>();
    /** Pairs of names with the same content: one of each pair deactivates, the other is already applied. */
    final Map<String, String> duplicates = new LinkedHashMap<>();

    FleetFolder(Path directory) {
        this.directory = directory;
    }

    /**
     * 200 files of which 20 are bad: 170 on license CONS (hw-1…hw-170, every 4th of schema v2, one with a
     * script-injection hostname), 3 on PERP, 2 of the user-based product, 5 copies of good files; and 4 each
     * forged, unknown license, garbage, activation and forged with script-injection values.
     */
    static FleetFolder twoHundred(Path directory, TestCompany company) {
        FleetFolder folder = new FleetFolder(directory);
        for (int i = 1; i <= 170; i++) {
            SdkRequestFile file = company.file("CONS", "hw-" + i).consumptions(i <= 50 ? 1 : 0);
            if (i == 7) {
                file.with("hostname", INJECTION);
            }
            if (i % 4 == 0) {
                file.v2();
            }
            folder.good(String.format("device-%03d.req", i), file, "CONS");
        }
        for (int i = 1; i <= 3; i++) {
            folder.good("perp-" + i + ".req", company.file("PERP", "hw-" + i), "PERP");
        }
        for (int i = 1; i <= 2; i++) {
            folder.good("user-" + i + ".req", SdkRequestFile.userBased(company.sharedKey, company.apiKey, "cloud",
                    company.username(), "hw-" + i), company.username());
        }
        for (int i = 1; i <= 5; i++) {
            String original = String.format("device-%03d.req", i * 10);
            folder.copy("copy-of-" + original, original);
        }
        for (int i = 1; i <= 4; i++) {
            folder.bad("forged-" + i + ".req", SdkRequestFile.keyBased("stolen-" + i, company.apiKey, "studio", "PERP",
                    "hw-" + i), "signature_mismatch", "PERP");
            folder.bad("unknown-license-" + i + ".req", company.file("NO-SUCH-" + i, "hw-" + i),
                    "license_not_found", "NO-SUCH-" + i);
            folder.bad("activation-" + i + ".req", company.file("CONS", "hw-" + (180 + i)).with("request", "activation"),
                    "validation_error", "CONS");
            folder.bad("injection-" + i + ".req", SdkRequestFile.keyBased("forger", company.apiKey, "studio",
                    i % 2 == 0 ? SCRIPT : INJECTION, INJECTION).with("hostname", SCRIPT), "signature_mismatch",
                    i % 2 == 0 ? SCRIPT : INJECTION);
        }
        // A name a spreadsheet would run as a formula: the CSV must defuse it.
        folder.garbage("=1+2 garbage-1.req", "this is not a request file", "authorization_missing_params");
        folder.garbage("garbage-2.req", Base64.getEncoder().encodeToString("[1, 2, 3]".getBytes(StandardCharsets.UTF_8)),
                "invalid_json");
        folder.garbage("garbage-3.req", Base64.getEncoder().encodeToString("{\"product\": \"studio\"".getBytes(
                StandardCharsets.UTF_8)), "invalid_json");
        folder.garbage("garbage-4.req", "", "missing_parameters");
        return folder;
    }

    /** {@code n} genuine files on license CONS (hw-1…hw-n); every 50th is forged, so there are failures to filter. */
    static FleetFolder many(Path directory, TestCompany company, int n) {
        FleetFolder folder = new FleetFolder(directory);
        for (int i = 1; i <= n; i++) {
            String name = String.format("unit-%05d.req", i);
            if (i % 50 == 0) {
                folder.bad(name, SdkRequestFile.keyBased("stolen", company.apiKey, "studio", "CONS", "hw-" + i),
                        "signature_mismatch", "CONS");
            } else {
                folder.good(name, company.file("CONS", "hw-" + i), "CONS");
            }
        }
        return folder;
    }

    List<Path> paths() {
        return expected.keySet().stream().map(directory::resolve).toList();
    }

    private void good(String name, SdkRequestFile file, String license) {
        write(name, file.file());
        requestIds.put(name, file.requestId());
        expected.put(name, new Expected("deactivated", null, license, hardwareId(file)));
    }

    private void copy(String name, String original) {
        try {
            Files.copy(directory.resolve(original), directory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        requestIds.put(name, requestIds.get(original));
        expected.put(name, expected.get(original));
        duplicates.put(name, original);
    }

    private void bad(String name, SdkRequestFile file, String code, String license) {
        write(name, file.file());
        requestIds.put(name, file.requestId());
        expected.put(name, new Expected("error", code, license, hardwareId(file)));
    }

    private void garbage(String name, String content, String code) {
        write(name, content);
        expected.put(name, new Expected("error", code, null, null));
    }

    private static String hardwareId(SdkRequestFile file) {
        return (String) file.request().get("hardware_id");
    }

    private void write(String name, String content) {
        try {
            Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
