package dev.licensegateway.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The Jackson path's reading of payload fields ({@link PayloadParser#parseWithJackson}): each value checked for its
 * type, length and characters as it streams by, every refusal with its documented message — the strict reference
 * that the fast path hands everything it is unsure of to.
 */
final class JacksonFields {

    private static final Map<String, Integer> INDEX = index();

    private JacksonFields() {
    }

    /** Reads the value the parser stands on into {@code fields}; returns it when it is a string (or null). */
    static String read(PayloadFields fields, byte[] source, String name, JsonParser parser) throws IOException {
        Integer index = INDEX.get(name);
        if (index == null) {
            throw PayloadParser.validation("Unknown field '" + shown(name) + "'.");
        }
        if (!fields.claim(index)) {
            throw PayloadParser.validation("The request file has a duplicate field '" + shown(name) + "'.");
        }
        JsonToken token = parser.currentToken();
        switch (PayloadFields.kind(index)) {
            case TEXT -> {
                String value = text(name, parser, PayloadFields.maxLength(index));
                fields.setText(index, value);
                return value;
            }
            case FLAG -> {
                if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                    fields.setFlag(token == JsonToken.VALUE_TRUE);
                } else if (token != JsonToken.VALUE_NULL) {
                    throw wrongType(name, "a boolean");
                }
            }
            case INTEGER -> {
                Long value = integer(name, parser);
                if (value != null) {
                    fields.setInteger(index, value);
                }
            }
            case FEATURES -> fields.setFeatures(ProductFeatures.read(parser));
            case VARIABLES -> {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    fields.setVariables(exactText(source, parser));
                } else if (token != JsonToken.VALUE_NULL) {
                    throw wrongType(name, "an object or an array");
                }
            }
        }
        return null;
    }

    /**
     * The value's exact text as the client wrote it, every string in it checked: numbers never go through a
     * double ({@code 1e400} stays a number, {@code 0.10000000000000000555} keeps its digits).
     */
    private static String exactText(byte[] source, JsonParser parser) throws IOException {
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

    private static Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < PayloadFields.NAMES.size(); i++) {
            index.put(PayloadFields.NAMES.get(i), i);
        }
        return Map.copyOf(index);
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
        return PayloadFields.present(value);
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
