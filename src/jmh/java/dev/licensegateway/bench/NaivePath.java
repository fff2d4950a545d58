package dev.licensegateway.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.verify.Authorization;
import dev.licensegateway.verify.HttpDate;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Path (c), what a first implementation would write: the body aggregated and read as a {@code String},
 * {@code Base64.getMimeDecoder().decode(String)}, {@code new String(bytes, UTF_8)}, {@code readTree} and field
 * extraction, a second parse to find the exact text of the v2 {@code request} member, and
 * {@code Mac.getInstance} + {@code init} for every signature. It computes what the gateway computes (the same
 * HMACs, both inner dates, the digest and fingerprint) and checks field names and types, but not the gateway's
 * stricter text rules (duplicate keys, NUL, lone surrogates, length limits): that leniency favours this path.
 */
final class NaivePath {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DATE_TOLERANCE = Duration.ofMinutes(15);
    private static final Set<String> STRINGS = Set.of("request", "product", "hardware_id", "license_key", "username",
            "password", "api_key", "client_id", "date", "signature", "request_id", "os_ver", "hostname",
            "os_hostname", "ip", "ip_local", "app_ver", "sdk_ver", "mac_address", "vm_info", "bundle_code");
    private static final Set<String> INTEGERS = Set.of("consumptions", "license_id", "schema_version");

    private NaivePath() {
    }

    static Verified verify(byte[] sharedKey, String date, String authorization, Buffer[] chunks) {
        try {
            Authorization.ApiKey apiKey = (Authorization.ApiKey) Authorization.parse(authorization);
            Instant sent = HttpDate.parse(date);
            if (Duration.between(sent, Instant.now()).abs().compareTo(DATE_TOLERANCE) > 0) {
                throw new IllegalArgumentException("date_header_diff");
            }
            require(MessageDigest.isEqual(hmac(sharedKey, "licenseSpring\ndate: " + date),
                    Base64.getDecoder().decode(apiKey.signature())), "signature_mismatch");

            Buffer whole = Buffer.buffer();
            for (Buffer chunk : chunks) {
                whole.appendBuffer(chunk);
            }
            String body = whole.toString(StandardCharsets.UTF_8);
            byte[] decoded = Base64.getMimeDecoder().decode(body);
            String text = new String(decoded, StandardCharsets.UTF_8);
            JsonNode root = MAPPER.readTree(text);
            require(root != null && root.isObject(), "invalid_json");

            JsonNode request = root;
            if (root.path("request").isObject()) {
                request = root.get("request");
                require(root.size() == 2 && root.path("signature").isTextual(), "validation_error");
                byte[] claimed = decodeBase64OrHex(root.get("signature").asText());
                byte[] signed = requestMemberText(text).getBytes(StandardCharsets.UTF_8);
                require(MessageDigest.isEqual(hmac(sharedKey, signed), claimed), "signature_mismatch");
            }
            validate(request);

            String licenseKey = request.path("license_key").asText(null);
            String identity = licenseKey != null ? licenseKey : request.path("username").asText(null);
            String hardwareId = request.path("hardware_id").asText(null);
            String principal = request.path("api_key").asText(null);
            if (principal == null) {
                principal = request.path("client_id").asText(null);
            }
            String fileDate = request.path("date").asText(null);
            require(identity != null && hardwareId != null && principal != null && fileDate != null,
                    "authorization_missing_params");
            require("deactivation".equals(request.path("request").asText(null)), "validation_error");
            String variables = request.has("variables") ? request.get("variables").toString() : null;

            byte[] claimed = Base64.getDecoder().decode(request.path("signature").asText(""));
            boolean valid = false;
            for (String signedDate : new String[] {fileDate, HttpDate.format(HttpDate.parse(fileDate).plusSeconds(1))}) {
                String message = "licenseSpring\ndate: " + signedDate + "\n" + identity + "\n" + hardwareId + "\n"
                        + principal;
                valid |= MessageDigest.isEqual(hmac(sharedKey, message), claimed);
            }
            require(valid, "signature_mismatch");
            Bound bound = new Bound(request.path("product").asText(null), identity, hardwareId, principal, fileDate,
                    request.path("request_id").asText(null), request.path("consumptions").asLong(0), variables);
            return new Verified(bound.requestId(), hardwareId, bound,
                    MessageDigest.getInstance("SHA-256").digest(decoded),
                    MessageDigest.getInstance("SHA-256").digest(claimed));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fields the naive path extracts from the tree. */
    record Bound(String product, String identity, String hardwareId, String principal, String date, String requestId,
                 long consumptions, String variables) {
    }

    /** Field names and types as the SPEC lists them. */
    private static void validate(JsonNode request) {
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (STRINGS.contains(name)) {
                require(value.isTextual() || value.isNull(), "validation_error");
            } else if (INTEGERS.contains(name)) {
                require(value.isIntegralNumber() || value.isNull(), "validation_error");
            } else if (name.equals("is_vm")) {
                require(value.isBoolean() || value.isNull(), "validation_error");
            } else if (name.equals("product_features")) {
                for (JsonNode feature : value.isArray() ? value : MAPPER.createArrayNode().add(value)) {
                    require(feature.path("feature").isTextual() && feature.path("consumptions").isIntegralNumber()
                            && feature.size() == 2, "validation_error");
                }
            } else if (name.equals("variables")) {
                require(value.isContainerNode() || value.isNull(), "validation_error");
            } else {
                throw new IllegalArgumentException("validation_error");
            }
        }
    }

    /** The exact text of the {@code request} member, found with a second, streaming parse of the text. */
    private static String requestMemberText(String text) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("request")) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    return text.substring(start, (int) parser.currentLocation().getCharOffset());
                }
                parser.skipChildren();
            }
        }
        throw new IllegalArgumentException("validation_error");
    }

    private static byte[] decodeBase64OrHex(String signature) {
        if (signature.length() == 64 && signature.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(signature);
        }
        return Base64.getDecoder().decode(signature);
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        return hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    private static void require(boolean condition, String code) {
        if (!condition) {
            throw new IllegalArgumentException(code);
        }
    }
}
