package dev.licensegateway.verify;

import dev.licensegateway.error.ErrorCode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The parsed {@code Authorization} header: the API-key form or an OAuth bearer token. */
public sealed interface Authorization {

    /** {@code algorithm="hmac-sha256",headers="date",signature="…",apikey="…"} (names in any case). */
    record ApiKey(String apiKey, String signature) implements Authorization {
        @Override
        public String toString() {
            return "ApiKey[apiKey=" + apiKey + "]";
        }
    }

    /** {@code Bearer <access token>} from the client-credentials grant. */
    record Bearer(String token) implements Authorization {
        @Override
        public String toString() {
            return "Bearer[…]";
        }
    }

    /**
     * Parses the header. Parameter names are case-insensitive (the Python SDK writes {@code apiKey}), order
     * is free, spaces around commas and equals signs are optional, values may be quoted.
     */
    static Authorization parse(String header) {
        String value = header.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = value.substring(7).trim();
            if (token.isEmpty() || token.indexOf(' ') >= 0) {
                throw ErrorCode.AUTHORIZATION_INVALID_HEADERS.exception();
            }
            return new Bearer(token);
        }
        Map<String, String> params = parameters(value);
        String algorithm = params.get("algorithm");
        String signature = params.get("signature");
        String apiKey = params.get("apikey");
        if (algorithm == null || signature == null || apiKey == null || signature.isEmpty() || apiKey.isEmpty()) {
            throw ErrorCode.AUTHORIZATION_INVALID_HEADERS.exception(
                    "The Authorization header needs algorithm, headers, signature and apikey.");
        }
        if (!algorithm.equalsIgnoreCase("hmac-sha256")) {
            throw ErrorCode.HMAC_REQUIRED.exception();
        }
        String headers = params.get("headers");
        if (headers != null && !headers.equalsIgnoreCase("date")) {
            throw ErrorCode.AUTHORIZATION_INVALID_HEADERS.exception("The signed headers must be \"date\".");
        }
        return new ApiKey(apiKey, signature);
    }

    private static Map<String, String> parameters(String value) {
        Map<String, String> params = new HashMap<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            i = skipSpaces(value, i);
            int equals = value.indexOf('=', i);
            if (equals < 0) {
                throw ErrorCode.AUTHORIZATION_INVALID_HEADERS.exception();
            }
            String name = value.substring(i, equals).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !isToken(name)) {
                throw ErrorCode.AUTHORIZATION_INVALID_HEADERS.exception();
            }
            i = skipSpaces(value, equals + 1);
            String parameter;
            if (i < n && value.charAt(i) == '"') {
                int close = value.indexOf('"', i + 1);
                if (close < 0) {
                    throw ErrorCode.AUTHORIZATION_INVALID_HEADERS.exception();
                }
                parameter = value.substring(i + 1, close);
                i = skipSpaces(value, close + 1);
            } else {
                int comma = value.indexOf(',', i);
                int stop = comma < 0 ? n : comma;
                parameter = value.substring(i, stop).trim();
                i = stop;
            }
            if (params.put(name, parameter) != null) {
                throw ErrorCode.AUTHORIZATION_INVALID_HEADERS.exception("A parameter appears twice in Authorization.");
            }
            if (i < n) {
                if (value.charAt(i) != ',') {
                    throw ErrorCode.AUTHORIZATION_INVALID_HEADERS.exception();
                }
                i++;
            }
        }
        return params;
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(String value, int from) {
        int i = from;
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
