package dev.licensegateway.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.licensegateway.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects the fields of one payload object as they stream by, each checked for its type on arrival. */
final class PayloadFields {

    /** Strings that identify something and end up in unique indexes: kept short. */
    static final int MAX_KEY_LENGTH = 256;
    /** SPEC §3: a request id is any non-empty string up to 128 characters (the C++ SDK writes upper-case GUIDs). */
    private static final int MAX_REQUEST_ID_LENGTH = 128;
    private static final int MAX_TEXT_LENGTH = 4096;
    /** Deltas far beyond any real consumption are refused rather than risk overflow in totals. */
    static final long MAX_ABS_CONSUMPTIONS = 1_000_000_000_000L;

    /** The fields this payload may have; a bit per name marks it seen. */
    private static final List<String> NAMES = List.of("request_id", "request", "product", "hardware_id", "license_key",
            "username", "password", "api_key", "client_id", "date", "signature", "os_ver", "hostname", "os_hostname", "ip",
            "ip_local", "app_ver", "app_name", "sdk_ver", "sdk_lang", "mac_address", "vm_info", "bundle_code", "is_vm",
            "license_id", "consumptions", "schema_version", "product_features", "variables");
    private static final Map<String, Integer> INDEX = index();
    private static final long SIGNATURE_BIT = 1L << NAMES.indexOf("signature");

    private final byte[] source;
    private long seen;
    private String requestId;
    private String request;
    private String product;
    private String hardwareId;
    private String licenseKey;
    private String username;
    private String password;
    private String apiKey;
    private String clientId;
    private String date;
    private String signature;
    private final Map<String, Object> clientInfo = new HashMap<>();
    private Long consumptions;
    private Long schemaVersion;
    private List<DeactivationPayload.FeatureConsumption> features = List.of();
    private String variablesJson;

    /** @param source the decoded file, whose exact text of {@code variables} is kept */
    PayloadFields(byte[] source) {
        this.source = source;
    }

    /** Reads the value the parser stands on; returns it when it is a string (or null). */
    String read(String name, JsonParser parser) throws IOException {
        Integer index = INDEX.get(name);
        if (index == null) {
            throw PayloadParser.validation("Unknown field '" + shown(name) + "'.");
        }
        long bit = 1L << index;
        if ((seen & bit) != 0) {
            throw PayloadParser.validation("The request file has a duplicate field '" + shown(name) + "'.");
        }
        seen |= bit;
        JsonToken token = parser.currentToken();
        switch (name) {
            case "request_id" -> {
                requestId = text(name, parser, MAX_REQUEST_ID_LENGTH);
                return requestId;
            }
            case "request" -> {
                request = text(name, parser, MAX_KEY_LENGTH);
                return request;
            }
            case "product" -> product = text(name, parser, MAX_KEY_LENGTH);
            case "hardware_id" -> hardwareId = text(name, parser, MAX_KEY_LENGTH);
            case "license_key" -> licenseKey = text(name, parser, MAX_KEY_LENGTH);
            case "username" -> username = text(name, parser, MAX_KEY_LENGTH);
            case "password" -> password = text(name, parser, MAX_KEY_LENGTH);
            case "api_key" -> apiKey = text(name, parser, MAX_KEY_LENGTH);
            case "client_id" -> clientId = text(name, parser, MAX_KEY_LENGTH);
            case "date" -> date = text(name, parser, MAX_KEY_LENGTH);
            case "signature" -> {
                signature = text(name, parser, MAX_KEY_LENGTH);
                return signature;
            }
            // app_name: the Node SDK; sdk_lang: the C++ SDK.
            case "os_ver", "hostname", "os_hostname", "ip", "ip_local", "app_ver", "app_name", "sdk_ver", "sdk_lang",
                    "mac_address", "vm_info", "bundle_code" -> {
                String value = text(name, parser, MAX_TEXT_LENGTH);
                if (value != null) {
                    clientInfo.put(name, value);
                }
            }
            case "is_vm" -> {
                if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                    clientInfo.put(name, token == JsonToken.VALUE_TRUE);
                } else if (token != JsonToken.VALUE_NULL) {
                    throw wrongType(name, "a boolean");
                }
            }
            case "license_id" -> {
                Long value = integer(name, parser);
                if (value != null) {
                    clientInfo.put(name, value);
                }
            }
            case "consumptions" -> {
                consumptions = integer(name, parser);
                if (consumptions != null && (consumptions > MAX_ABS_CONSUMPTIONS || consumptions < -MAX_ABS_CONSUMPTIONS)) {
                    throw PayloadParser.validation("Field 'consumptions' is out of range.");
                }
            }
            case "schema_version" -> schemaVersion = integer(name, parser);
            case "product_features" -> features = ProductFeatures.read(parser);
            case "variables" -> {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    variablesJson = exactText(parser);
                } else if (token != JsonToken.VALUE_NULL) {
                    throw wrongType(name, "an object or an array");
                }
            }
            default -> throw PayloadParser.validation("Unknown field '" + shown(name) + "'.");
        }
        return null;
    }

    /**
     * The value's exact text as the client wrote it, every string in it checked: numbers never go through a
     * double ({@code 1e400} stays a number, {@code 0.10000000000000000555} keeps its digits).
     */
    private String exactText(JsonParser parser) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.FIELD_NAME) {
                checkText("variables", parser.currentName());
            } else if (token == JsonToken.VALUE_STRING) {
                checkText("variables", parser.getText());
            }
        }
        int end = (int) parser.currentLocation().getByteOffset();
        return new String(source, start, end - start, StandardCharsets.UTF_8);
    }

    boolean hasAnyField() {
        return (seen & ~SIGNATURE_BIT) != 0;
    }

    private static Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            index.put(NAMES.get(i), i);
        }
        return Map.copyOf(index);
    }

    /** Presence rules of SPEC §3, first failure wins, in the order the vendor reports them. */
    DeactivationPayload toPayload(int shape) {
        if (licenseKey == null && username == null) {
            throw ErrorCode.AUTHORIZATION_MISSING_PARAMS.exception("Missing field 'license_key' or 'username'.");
        }
        if (hardwareId == null) {
            throw ErrorCode.AUTHORIZATION_MISSING_PARAMS.exception("Missing field 'hardware_id'.");
        }
        if (apiKey == null && clientId == null) {
            throw ErrorCode.AUTHORIZATION_MISSING_PARAMS.exception("Missing field 'api_key' or 'client_id'.");
        }
        if (licenseKey != null && username != null) {
            throw PayloadParser.validation("Give either 'license_key' or 'username', not both.");
        }
        if (apiKey != null && clientId != null) {
            throw PayloadParser.validation("Give either 'api_key' or 'client_id', not both.");
        }
        // A v2 file may lack signature, request_id and request when its outer signature proves it
        // (RequestVerifier decides); a v1 file never.
        require("product", product);
        require("date", date);
        if (shape == 1) {
            require("signature", signature);
            require("request_id", requestId);
            require("request", request);
        }
        String kind = request;
        if (kind != null && !"deactivation".equals(kind)) {
            throw PayloadParser.validation("Field 'request' must be \"deactivation\": this endpoint takes no "
                    + "activation files.");
        }
        if (kind == null && password != null) {
            throw PayloadParser.validation("A file without 'request' that carries a password is an activation file.");
        }
        long version = schemaVersion == null ? shape : schemaVersion;
        if (version != shape) {
            throw PayloadParser.validation("Field 'schema_version' must be " + shape + " in this file shape.");
        }
        return new DeactivationPayload(product, licenseKey, username, password, hardwareId, apiKey, clientId, date,
                signature, requestId, consumptions == null ? 0 : consumptions, features, variablesJson,
                Map.copyOf(clientInfo), kind);
    }

    private static void require(String name, String value) {
        if (value == null) {
            throw PayloadParser.validation("Missing field '" + name + "'.");
        }
    }

    static String text(String name, JsonParser parser, int maxLength) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw wrongType(name, "a string");
        }
        String value = parser.getText();
        if (value.length() > maxLength) {
            throw PayloadParser.validation("Field '" + name + "' is longer than " + maxLength + " characters.");
        }
        checkText(name, value);
        // An empty identifier is as good as none: it is reported as missing.
        return value.isEmpty() ? null : value;
    }

    /** NUL and lone surrogates cannot be stored by PostgreSQL; they are refused here, not by the database. */
    static void checkText(String name, String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw PayloadParser.validation("Field '" + name + "' contains a NUL character.");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw PayloadParser.validation("Field '" + name + "' contains an unpaired surrogate.");
            }
            if (Character.isLowSurrogate(c)) {
                throw PayloadParser.validation("Field '" + name + "' contains an unpaired surrogate.");
            }
        }
    }

    static Long integer(String name, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(name, "an integer");
        }
        JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw PayloadParser.validation("Field '" + name + "' is out of range.");
        }
        return parser.getLongValue();
    }

    /** A client's field name as an error message may quote it: short, and without control characters. */
    static String shown(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    static RuntimeException wrongType(String name, String expected) {
        return PayloadParser.validation("Field '" + name + "' must be " + expected + ".");
    }
}
