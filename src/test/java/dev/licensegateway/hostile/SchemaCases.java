package dev.licensegateway.hostile;

import static dev.licensegateway.hostile.HostileCase.b64;
import static dev.licensegateway.hostile.HostileCase.post;
import static dev.licensegateway.hostile.HostileCase.refused;
import static dev.licensegateway.hostile.HostileCase.unknownDevice;
import static dev.licensegateway.hostile.HostileCase.withFirstMember;

import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Fields of the file (presence, type, size) and its two signatures. */
final class SchemaCases {

    private SchemaCases() {
    }

    /** A correctly signed v1 file for an unknown device with one field set to a value of the wrong kind. */
    static RawHttp.Request field(TestCompany c, String name, Object value) {
        return post(c, unknownDevice(c).with(name, value));
    }

    static Stream<HostileCase> cases() {
        String g = "schema";
        String s = "signature";
        return Stream.of(
                refused(g, "v2 envelope with a third member", 400, "validation_error",
                        c -> post(c, b64(unknownDevice(c).v2().json().replaceFirst("}$", ", \"extra\": 1}")))),
                refused(g, "v2 envelope with an empty signature", 400, "validation_error",
                        c -> post(c, b64(unknownDevice(c).v2().json().replaceFirst("\"signature\": \"[^\"]*\"}$", "\"signature\": \"\"}")))),
                refused(g, "v2 request declaring schema_version 1", 400, "validation_error",
                        c -> post(c, b64(unknownDevice(c).v2().json().replace("\"schema_version\": 2", "\"schema_version\": 1")))),
                refused(g, "v1 file declaring schema_version 2", 400, "validation_error", c -> field(c, "schema_version", 2)),
                refused(g, "request 'activation'", 400, "validation_error", c -> field(c, "request", "activation")),
                refused(g, "both license_key and username", 400, "validation_error", c -> field(c, "username", c.username())),
                refused(g, "both api_key and client_id", 400, "validation_error", c -> field(c, "client_id", "cid")),
                refused(g, "empty hardware_id", 400, "authorization_missing_params", c -> field(c, "hardware_id", "")),
                refused(g, "hardware_id of 257 characters", 400, "validation_error", c -> field(c, "hardware_id", "h".repeat(257))),
                refused(g, "hostname of 4097 characters", 400, "validation_error", c -> field(c, "hostname", "h".repeat(4097))),
                refused(g, "is_vm as text", 400, "validation_error", c -> field(c, "is_vm", "yes")),
                refused(g, "variables as text", 400, "validation_error", c -> field(c, "variables", "x=1")),
                refused(g, "product_features as text", 400, "validation_error", c -> field(c, "product_features", "render-minutes")),
                refused(g, "257 product_features entries", 400, "validation_error", c -> {
                    SdkRequestFile file = unknownDevice(c);
                    for (int i = 0; i < 257; i++) {
                        file.feature("render-minutes", 0);
                    }
                    return post(c, file);
                }),
                refused(g, "a product_features entry without consumptions", 400, "validation_error",
                        c -> field(c, "product_features", List.of(Map.of("feature", "render-minutes")))),
                refused(g, "a product_features entry with another member", 400, "validation_error",
                        c -> field(c, "product_features", List.of(Map.of("feature", "render-minutes", "consumptions", 1, "x", 1)))),
                refused(g, "license_id as text", 400, "validation_error", c -> field(c, "license_id", "1")),
                refused(g, "consumptions beyond 10^12", 400, "validation_error", c -> field(c, "consumptions", 1_000_000_000_001L)),
                refused(g, "consumptions Long.MIN_VALUE", 400, "validation_error", c -> field(c, "consumptions", Long.MIN_VALUE)),
                refused(g, "consumptions Long.MIN_VALUE on a license that allows negative consumptions", 400, "validation_error",
                        c -> post(c, c.file("NEG", "hw-1").consumptions(Long.MIN_VALUE))),
                refused(g, "feature consumptions Long.MIN_VALUE", 400, "validation_error",
                        c -> post(c, unknownDevice(c).feature("render-minutes", Long.MIN_VALUE))),
                refused(g, "request_id as a number", 400, "validation_error", c -> field(c, "request_id", 42)),
                refused(g, "signature as an object", 400, "validation_error", c -> field(c, "signature", Map.of("a", 1))),
                refused(g, "unknown member that looks like a field", 400, "validation_error", c -> field(c, "Hardware_ID", "hw-1")),
                refused(g, "a client_id file sent with API-key authorization", 400, "invalid_api_key",
                        c -> post(c, unknownDevice(c).without("api_key").with("client_id", c.apiKey))),
                // signatures
                refused(s, "inner signature that is not base64", 400, "signature_mismatch", c -> field(c, "signature", "%%%")),
                refused(s, "inner signature of 16 bytes", 400, "signature_mismatch", c -> field(c, "signature", b64(new byte[16]))),
                refused(s, "inner signature in hex", 400, "signature_mismatch", c -> {
                    SdkRequestFile file = unknownDevice(c);
                    String base64 = (String) file.request().get("signature");
                    return field(c, "signature", HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(base64)));
                }),
                refused(s, "inner signature over date + 2 s", 400, "signature_mismatch", c -> post(c,
                        unknownDevice(c).signedAt(HeaderCases.IMF.format(Instant.now().plusSeconds(2))))),
                refused(s, "inner signature over another license", 400, "signature_mismatch", c -> {
                    String signature = (String) c.file("CONS", "hw-404").request().get("signature");
                    return field(c, "signature", signature);
                }),
                refused(s, "v2 outer signature over the compact re-serialisation", 400, "signature_mismatch", c -> {
                    SdkRequestFile file = unknownDevice(c).v2();
                    String json = file.json();
                    String request = json.substring("{\"request\": ".length(), json.lastIndexOf(", \"signature\": "));
                    String compact = request.replace("\", \"", "\",\"").replace("\": ", "\":");
                    String signature = SdkRequestFile.base64Hmac(c.sharedKey, compact);
                    return post(c, b64("{\"request\": " + request + ", \"signature\": \"" + signature + "\"}"));
                }),
                // SPEC §3: hex in either case verifies; the unknown device then proves the signature passed.
                refused(s, "v2 outer signature in upper-case hex", 400, "device_not_found", c -> {
                    String json = unknownDevice(c).v2(c.sharedKey, true).json();
                    int at = json.lastIndexOf("\"signature\": \"") + 14;
                    return post(c, b64(json.substring(0, at) + json.substring(at).toUpperCase(java.util.Locale.ROOT)));
                }),
                refused(s, "v2 outer signature by another key", 400, "signature_mismatch",
                        c -> post(c, unknownDevice(c).v2("not-the-key", false))),
                refused(s, "v2 request edited after signing", 400, "signature_mismatch",
                        c -> post(c, b64(unknownDevice(c).v2().json().replace("fleet-node", "fleet-nodf")))),
                refused(s, "v2 with a valid outer but a forged inner signature", 400, "signature_mismatch",
                        c -> post(c, unknownDevice(c).with("signature", b64(new byte[32])).v2())),
                refused(s, "file naming a revoked api key of the same company", 400, "invalid_api_key", c -> {
                    String revoked = TestCompany.random("ak-revoked-");
                    c.one("WITH x AS (INSERT INTO api_keys (company_id, api_key, revoked_at) VALUES (?, ?, now()) RETURNING 1) "
                            + "SELECT count(*) FROM x", revoked);
                    return post(c, SdkRequestFile.keyBased(c.sharedKey, revoked, "studio", "PERP", "hw-1"));
                }),
                refused(s, "500 variables and a forged inner signature", 400, "signature_mismatch", c -> {
                    List<Object> many = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        many.add("v" + i);
                    }
                    return post(c, b64(withFirstMember(unknownDevice(c).with("signature", b64(new byte[32])),
                            "\"variables\": " + dev.licensegateway.testing.PythonJson.dumps(many))));
                }));
    }
}
