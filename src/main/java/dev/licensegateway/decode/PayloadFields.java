package dev.licensegateway.decode;

import dev.licensegateway.error.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * Collects the fields of one payload object as they arrive, each checked for its type by the reader. Both readers of
 * a file fill it — Jackson's streaming parser ({@link JacksonFields}) and the byte-level fast path
 * ({@link FastPayloadParser}) — through the same {@link #claim} and setters, so where a value goes and the presence
 * rules are written once.
 */
final class PayloadFields {

    /** Strings that identify something and end up in unique indexes: kept short. */
    static final int MAX_KEY_LENGTH = 256;
    /** SPEC §3: a request id is any non-empty string up to 128 characters (the C++ SDK writes upper-case GUIDs). */
    private static final int MAX_REQUEST_ID_LENGTH = 128;
    private static final int MAX_TEXT_LENGTH = 4096;
    /** Deltas far beyond any real consumption are refused rather than risk overflow in totals. */
    static final long MAX_ABS_CONSUMPTIONS = 1_000_000_000_000L;

    /** What a field holds. */
    enum Kind { TEXT, FLAG, INTEGER, FEATURES, VARIABLES }

    /** The fields this payload may have; a bit per name marks it seen. The order fixes the indexes below. */
    static final List<String> NAMES = List.of("request_id", "request", "product", "hardware_id", "license_key",
            "username", "password", "api_key", "client_id", "date", "signature", "os_ver", "hostname", "os_hostname", "ip",
            "ip_local", "app_ver", "app_name", "sdk_ver", "sdk_lang", "mac_address", "vm_info", "bundle_code", "is_vm",
            "license_id", "consumptions", "schema_version", "product_features", "variables");
    static final int REQUEST_ID = 0;
    static final int REQUEST = 1;
    private static final int PRODUCT = 2;
    private static final int HARDWARE_ID = 3;
    private static final int LICENSE_KEY = 4;
    private static final int USERNAME = 5;
    private static final int PASSWORD = 6;
    private static final int API_KEY = 7;
    private static final int CLIENT_ID = 8;
    private static final int DATE = 9;
    static final int SIGNATURE = 10;
    /** os_ver … bundle_code: descriptive text for the audit only (app_name: the Node SDK; sdk_lang: the C++ SDK). */
    private static final int FIRST_INFO = 11;
    private static final int LAST_INFO = 22;
    private static final int IS_VM = 23;
    private static final int LICENSE_ID = 24;
    private static final int CONSUMPTIONS = 25;
    private static final int SCHEMA_VERSION = 26;
    private static final int PRODUCT_FEATURES = 27;
    private static final int VARIABLES = 28;
    private static final long SIGNATURE_BIT = 1L << SIGNATURE;

    private long seen;
    private final String[] texts = new String[IS_VM];
    private Boolean isVm;
    private final Long[] integers = new Long[3];
    private List<DeactivationPayload.FeatureConsumption> features = List.of();
    private String variablesJson;

    static Kind kind(int index) {
        if (index <= LAST_INFO) {
            return Kind.TEXT;
        }
        return switch (index) {
            case IS_VM -> Kind.FLAG;
            case PRODUCT_FEATURES -> Kind.FEATURES;
            case VARIABLES -> Kind.VARIABLES;
            default -> Kind.INTEGER;
        };
    }

    /** The longest text field {@code index} may hold, in characters. */
    static int maxLength(int index) {
        if (index == REQUEST_ID) {
            return MAX_REQUEST_ID_LENGTH;
        }
        return index < FIRST_INFO ? MAX_KEY_LENGTH : MAX_TEXT_LENGTH;
    }

    /** Marks field {@code index} seen; false when it already was (a duplicate key). */
    boolean claim(int index) {
        long bit = 1L << index;
        if ((seen & bit) != 0) {
            return false;
        }
        seen |= bit;
        return true;
    }

    boolean has(int index) {
        return (seen & (1L << index)) != 0;
    }

    /** A text field's value: checked by the caller for type, length and characters; null when absent or empty. */
    void setText(int index, String value) {
        texts[index] = value;
    }

    String text(int index) {
        return texts[index];
    }

    void setFlag(boolean value) {
        isVm = value;
    }

    void setInteger(int index, long value) {
        if (index == CONSUMPTIONS && (value > MAX_ABS_CONSUMPTIONS || value < -MAX_ABS_CONSUMPTIONS)) {
            throw PayloadParser.validation("Field 'consumptions' is out of range.");
        }
        integers[index - LICENSE_ID] = value;
    }

    void setFeatures(List<DeactivationPayload.FeatureConsumption> list) {
        features = list;
    }

    void setVariables(String exactText) {
        variablesJson = exactText;
    }

    boolean hasAnyField() {
        return (seen & ~SIGNATURE_BIT) != 0;
    }

    /** Presence rules of SPEC §3, first failure wins, in the order the vendor reports them. */
    DeactivationPayload toPayload(int shape) {
        String licenseKey = texts[LICENSE_KEY];
        String username = texts[USERNAME];
        String apiKey = texts[API_KEY];
        String clientId = texts[CLIENT_ID];
        if (licenseKey == null && username == null) {
            throw ErrorCode.AUTHORIZATION_MISSING_PARAMS.exception("Missing field 'license_key' or 'username'.");
        }
        if (texts[HARDWARE_ID] == null) {
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
        require(PRODUCT);
        require(DATE);
        if (shape == 1) {
            require(SIGNATURE);
            require(REQUEST_ID);
            require(REQUEST);
        }
        String kind = texts[REQUEST];
        if (kind != null && !"deactivation".equals(kind)) {
            throw PayloadParser.validation("Field 'request' must be \"deactivation\": this endpoint takes no "
                    + "activation files.");
        }
        if (kind == null && texts[PASSWORD] != null) {
            throw PayloadParser.validation("A file without 'request' that carries a password is an activation file.");
        }
        Long schemaVersion = integers[SCHEMA_VERSION - LICENSE_ID];
        long version = schemaVersion == null ? shape : schemaVersion;
        if (version != shape) {
            throw PayloadParser.validation("Field 'schema_version' must be " + shape + " in this file shape.");
        }
        Long consumptions = integers[CONSUMPTIONS - LICENSE_ID];
        return new DeactivationPayload(texts[PRODUCT], licenseKey, username, texts[PASSWORD], texts[HARDWARE_ID], apiKey,
                clientId, texts[DATE], texts[SIGNATURE], texts[REQUEST_ID], consumptions == null ? 0 : consumptions,
                features, variablesJson, clientInfo(), kind);
    }

    /** The descriptive fields that go only to the audit trail, those the file gave. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> clientInfo() {
        // Straight into an immutable map: no HashMap to build and copy for every file.
        Map.Entry<String, Object>[] info = new Map.Entry[LAST_INFO - FIRST_INFO + 3];
        int count = 0;
        for (int i = FIRST_INFO; i <= LAST_INFO; i++) {
            if (texts[i] != null) {
                info[count++] = Map.entry(NAMES.get(i), texts[i]);
            }
        }
        if (isVm != null) {
            info[count++] = Map.entry(NAMES.get(IS_VM), isVm);
        }
        Long licenseId = integers[0];
        if (licenseId != null) {
            info[count++] = Map.entry(NAMES.get(LICENSE_ID), licenseId);
        }
        return Map.ofEntries(java.util.Arrays.copyOf(info, count));
    }

    private void require(int index) {
        if (texts[index] == null) {
            throw PayloadParser.validation("Missing field '" + NAMES.get(index) + "'.");
        }
    }

    /** An empty identifier is as good as none: it is reported as missing. */
    static String present(String value) {
        return value.isEmpty() ? null : value;
    }
}
