package dev.licensegateway.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds deactivation request files the way the vendor's Python SDK does: fields in the SDK's order,
 * {@code json.dumps} bytes, base64 with a trailing newline; v2 wraps the request and signs its exact bytes.
 * Every field can be overridden or removed to build hostile variants, and the forms other SDKs write (SPEC §3)
 * can be chosen: {@code null} optional fields (Python), upper-case GUIDs and hex outer signatures (C++),
 * {@code UTC} dates (Go), no inner signature (Node; the Node SDK itself is driven by the conformance suite).
 */
public final class SdkRequestFile {

    static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final String signingKey;
    private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    private boolean v2;
    private String outerKey;
    private boolean hexOuter;
    private String innerSignatureDate;
    private boolean innerSignature = true;
    private boolean upperHex;

    private SdkRequestFile(String signingKey) {
        this.signingKey = signingKey;
    }

    /** A key-based file as the SDK writes it, dated now, with a fresh request id. */
    public static SdkRequestFile keyBased(String sharedKey, String apiKey, String product, String licenseKey,
                                          String hardwareId) {
        SdkRequestFile file = new SdkRequestFile(sharedKey);
        file.fields.put("request", "deactivation");
        file.fields.put("product", product);
        file.fields.put("hardware_id", hardwareId);
        file.fields.put("license_key", licenseKey);
        file.fields.put("os_ver", "Linux-6.1");
        file.fields.put("hostname", "fleet-node");
        file.fields.put("sdk_ver", "PythonSDK 4.1.0");
        file.fields.put("date", IMF.format(Instant.now()));
        file.fields.put("request_id", UUID.randomUUID().toString());
        file.fields.put("api_key", apiKey);
        return file;
    }

    /** A user-based file (username instead of license key). */
    public static SdkRequestFile userBased(String sharedKey, String apiKey, String product, String username,
                                           String hardwareId) {
        SdkRequestFile file = keyBased(sharedKey, apiKey, product, null, hardwareId);
        file.fields.remove("license_key");
        file.fields.put("username", username);
        return file;
    }

    public SdkRequestFile with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    public SdkRequestFile without(String field) {
        fields.remove(field);
        return this;
    }

    public SdkRequestFile consumptions(long delta) {
        return with("consumptions", delta);
    }

    public SdkRequestFile feature(String code, long delta) {
        @SuppressWarnings("unchecked")
        List<Object> features = (List<Object>) fields.computeIfAbsent("product_features", k -> new ArrayList<>());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("feature", code);
        entry.put("consumptions", delta);
        features.add(entry);
        return this;
    }

    /**
     * What a busy device adds to its file: network fields, consumptions, three product features and six device
     * variables. The JMH benchmark's 2 KiB file and the parser's seed of it are this file, so they stay one file.
     */
    public SdkRequestFile busyDevice() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("site", "Rotterdam plant 7");
        variables.put("line", "3");
        variables.put("cell", "12");
        variables.put("operator", "maintenance shift B");
        variables.put("firmware", "2025.11.4-lts");
        variables.put("calibrated_at", "2026-10-30T06:15:00Z");
        return with("app_ver", "7.4.2")
                .with("os_hostname", "plant-7-line-3-cell-12.example.internal")
                .with("ip", "203.0.113.27")
                .with("ip_local", "10.40.7.112")
                .with("mac_address", "3c:22:fb:9a:41:0e")
                .with("is_vm", false)
                .consumptions(17)
                .feature("render-minutes", 42)
                .feature("export-4k", 3)
                .feature("gpu-hours", 6)
                .with("variables", variables);
    }

    /** Schema v2: the outer signature keyed with the same key (or {@code outerKey}), base64 or hex. */
    public SdkRequestFile v2() {
        this.v2 = true;
        return this;
    }

    public SdkRequestFile v2(String outerKey, boolean hex) {
        this.v2 = true;
        this.outerKey = outerKey;
        this.hexOuter = hex;
        return this;
    }

    /** C++ ≥ 7.41: an upper-case GUID as request id, {@code sdk_lang}, and a hex outer signature. */
    public SdkRequestFile cppStyle(boolean upperCaseHex) {
        with("request_id", UUID.randomUUID().toString().toUpperCase(Locale.ROOT));
        with("sdk_lang", "C++");
        this.v2 = true;
        this.hexOuter = true;
        this.upperHex = upperCaseHex;
        return this;
    }

    /** The legacy Go SDK: the file's date with {@code UTC} for {@code GMT}. */
    public SdkRequestFile goStyleDate() {
        return with("date", IMF.format(Instant.now()).replace("GMT", "UTC"));
    }

    /** No inner signature at all, as the Node SDK writes its v2 files. */
    public SdkRequestFile withoutInnerSignature() {
        this.innerSignature = false;
        return this;
    }

    /** Signs the inner signature over another date (the SDK's clock quirk signs date + 1 s). */
    public SdkRequestFile signedAt(String date) {
        this.innerSignatureDate = date;
        return this;
    }

    public String requestId() {
        return (String) fields.get("request_id");
    }

    /** The request object with its inner signature, in the SDK's field order. */
    public Map<String, Object> request() {
        LinkedHashMap<String, Object> request = new LinkedHashMap<>(fields);
        if (!request.containsKey("signature") && innerSignature) {
            String date = innerSignatureDate != null ? innerSignatureDate : (String) fields.get("date");
            String identity = (String) (fields.containsKey("license_key") ? fields.get("license_key") : fields.get("username"));
            String principal = (String) (fields.containsKey("api_key") ? fields.get("api_key") : fields.get("client_id"));
            String signingString = "licenseSpring\ndate: " + date + "\n" + identity + "\n" + fields.get("hardware_id")
                    + "\n" + principal;
            LinkedHashMap<String, Object> ordered = new LinkedHashMap<>();
            request.forEach((k, v) -> {
                if (k.equals("api_key") || k.equals("client_id")) {
                    ordered.put("signature", base64Hmac(signingKey, signingString));
                }
                ordered.put(k, v);
            });
            ordered.putIfAbsent("signature", base64Hmac(signingKey, signingString));
            request = ordered;
        }
        if (v2) {
            LinkedHashMap<String, Object> withVersion = new LinkedHashMap<>();
            request.forEach((k, v) -> {
                if (k.equals("signature")) {
                    withVersion.put("schema_version", 2);
                }
                withVersion.put(k, v);
            });
            withVersion.putIfAbsent("schema_version", 2);
            request = withVersion;
        }
        return request;
    }

    /** The decoded file text. */
    public String json() {
        String request = PythonJson.dumps(request());
        if (!v2) {
            return request;
        }
        byte[] mac = hmac(outerKey != null ? outerKey : signingKey, request);
        String signature = hexOuter ? java.util.HexFormat.of().formatHex(mac) : Base64.getEncoder().encodeToString(mac);
        if (upperHex) {
            signature = signature.toUpperCase(Locale.ROOT);
        }
        return "{\"request\": " + request + ", \"signature\": \"" + signature + "\"}";
    }

    /** The file's content as the SDK writes it: base64 and a trailing newline. */
    public String file() {
        return Base64.getEncoder().encodeToString(json().getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    public static String base64Hmac(String key, String message) {
        return Base64.getEncoder().encodeToString(hmac(key, message));
    }

    static byte[] hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
