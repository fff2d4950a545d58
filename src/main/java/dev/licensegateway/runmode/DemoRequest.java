package dev.licensegateway.runmode;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.verify.HttpDate;
import dev.licensegateway.credentials.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A ready-to-paste request that deactivates one demo device: a request file signed as the vendor SDK
 * signs it, and a shell command whose Date header and header signature are computed when it is pasted
 * (the Date must be within 15 minutes of the server's clock; the file's own date need not be).
 */
public final class DemoRequest {

    public static final String SHARED_KEY = "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja";
    public static final String API_KEY = "ak-demo-0001";
    public static final String LICENSE_KEY = "AAAA-BBBB-CCCC";
    public static final String HARDWARE_ID = "3f1c9b2e-hw-0001";

    private DemoRequest() {
    }

    /** The base64 request file: deactivates the demo device and records 3 consumptions and 2 render-minutes. */
    public static String file(Instant now) {
        return file(now, HARDWARE_ID);
    }

    /** The same for another device of the demo license ({@code 3f1c9b2e-hw-0001} … {@code -0005}). */
    public static String file(Instant now, String hardwareId) {
        String date = HttpDate.format(now);
        String signingString = "licenseSpring\ndate: " + date + "\n" + LICENSE_KEY + "\n" + hardwareId + "\n" + API_KEY;
        byte[] signature = new SigningKey(SHARED_KEY.getBytes(StandardCharsets.UTF_8))
                .sign(signingString.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("request", "deactivation");
        payload.put("product", "studio");
        payload.put("hardware_id", hardwareId);
        payload.put("license_key", LICENSE_KEY);
        payload.put("hostname", "demo-node-01");
        payload.put("consumptions", 3);
        payload.put("product_features", java.util.List.of(Map.of("feature", "render-minutes", "consumptions", 2)));
        payload.put("date", date);
        payload.put("request_id", UUID.randomUUID().toString());
        payload.put("signature", Base64.getEncoder().encodeToString(signature));
        payload.put("api_key", API_KEY);
        try {
            return Base64.getEncoder().encodeToString(new ObjectMapper().writeValueAsBytes(payload));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bash command that signs the Date header at paste time (needs openssl and base64) and posts the file. */
    public static String curlCommand(String baseUrl, String file) {
        return String.join("\n",
                "DATE=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')",
                "SIG=$(printf 'licenseSpring\\ndate: %s' \"$DATE\" | openssl dgst -sha256 -hmac '" + SHARED_KEY
                        + "' -binary | base64)",
                "curl -sS -w '\\n%{http_code}\\n' -X POST " + baseUrl + "/api/v4/deactivate_offline \\",
                "  -H \"Date: $DATE\" \\",
                "  -H \"Authorization: algorithm=\\\"hmac-sha256\\\",headers=\\\"date\\\",signature=\\\"$SIG\\\",apikey=\\\"" + API_KEY
                        + "\\\"\" \\",
                "  -H 'Content-Type: text/plain' \\",
                "  --data-binary '" + file + "'");
    }
}
