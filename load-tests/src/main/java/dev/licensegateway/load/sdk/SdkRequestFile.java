package dev.licensegateway.load.sdk;

import dev.licensegateway.testing.PythonJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds deactivation request files the way the vendor's Python SDK does: fields in the SDK's order,
 * {@code json.dumps} bytes, base64 with a trailing newline; v2 wraps the request and signs its exact bytes.
 * Adapted from the gateway's test class {@code dev.licensegateway.testing.SdkRequestFile} (test code, not a
 * library): the clock and request id are parameters, so files can be built in bulk, and only the key-based
 * form is kept.
 */
public final class SdkRequestFile {

    public static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final String signingKey;
    private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    private boolean v2;

    private SdkRequestFile(String signingKey) {
        this.signingKey = signingKey;
    }

    /** A key-based file as the SDK writes it, dated now, with a fresh request id. */
    public static SdkRequestFile keyBased(String sharedKey, String apiKey, String product, String licenseKey,
                                          String hardwareId) {
        return keyBased(sharedKey, apiKey, product, licenseKey, hardwareId, Instant.now(), UUID.randomUUID().toString());
    }

    /** A key-based file written at {@code writtenAt} with the given request id. */
    public static SdkRequestFile keyBased(String sharedKey, String apiKey, String product, String licenseKey,
                                          String hardwareId, Instant writtenAt, String requestId) {
        SdkRequestFile file = new SdkRequestFile(sharedKey);
        file.fields.put("request", "deactivation");
        file.fields.put("product", product);
        file.fields.put("hardware_id", hardwareId);
        file.fields.put("license_key", licenseKey);
        file.fields.put("os_ver", "Linux-6.1");
        file.fields.put("hostname", "fleet-node");
        file.fields.put("sdk_ver", "PythonSDK 4.1.0");
        file.fields.put("date", IMF.format(writtenAt));
        file.fields.put("request_id", requestId);
        file.fields.put("api_key", apiKey);
        return file;
    }

    /** A file of the given fields in the given order (without {@code signature}), e.g. a known-answer vector's. */
    public static SdkRequestFile of(String sharedKey, Map<String, Object> fieldsInOrder) {
        SdkRequestFile file = new SdkRequestFile(sharedKey);
        file.fields.putAll(fieldsInOrder);
        return file;
    }

    public SdkRequestFile with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    /** Schema v2: the outer signature keyed with the same key, base64 (as the Python SDK writes it). */
    public SdkRequestFile v2() {
        this.v2 = true;
        return this;
    }

    public String requestId() {
        return (String) fields.get("request_id");
    }

    /** The request object with its inner signature (just before api_key, as the SDK orders it). */
    public Map<String, Object> request() {
        String identity = (String) fields.get("license_key");
        String signingString = "licenseSpring\ndate: " + fields.get("date") + "\n" + identity + "\n"
                + fields.get("hardware_id") + "\n" + fields.get("api_key");
        String signature = base64Hmac(signingKey, signingString);
        LinkedHashMap<String, Object> ordered = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.equals("api_key")) {
                if (v2) {
                    ordered.put("schema_version", 2);
                }
                ordered.put("signature", signature);
            }
            ordered.put(k, v);
        });
        return ordered;
    }

    /** The decoded file text. */
    public String json() {
        String request = PythonJson.dumps(request());
        if (!v2) {
            return request;
        }
        String signature = Base64.getEncoder().encodeToString(hmac(signingKey, request));
        return "{\"request\": " + request + ", \"signature\": \"" + signature + "\"}";
    }

    /** The file's content as the SDK writes it: base64 and a trailing newline. */
    public String file() {
        return base64() + "\n";
    }

    /** The file's base64 text without the newline: one NDJSON line of a batch. */
    public String base64() {
        return Base64.getEncoder().encodeToString(json().getBytes(StandardCharsets.UTF_8));
    }

    public static String base64Hmac(String key, String message) {
        return Base64.getEncoder().encodeToString(hmac(key, message));
    }

    public static String hexHmac(String key, String message) {
        return HexFormat.of().formatHex(hmac(key, message));
    }

    static byte[] hmac(String key, String message) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
