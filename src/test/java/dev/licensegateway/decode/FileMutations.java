package dev.licensegateway.decode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a decoded request file that aim at the fast path's edges: byte flips, truncations, deleted
 * and copied slices, duplicated members, values swapped for others (numbers at the limits, escapes, non-ASCII,
 * wrong types, deep nesting, strings at the length limits) and whitespace or stray bytes between tokens.
 */
final class FileMutations {

    /** Values a field or a variables member may get. */
    static final List<String> VALUES = values();
    /** Bytes that may stand between tokens: JSON whitespace, and what only looks like it or breaks the syntax. */
    private static final String[] BETWEEN = {" ", "  ", "\t", "\r\n", "\n", "\f", "\u00a0", "\u0000", "\ufeff", ",", ":",
        "{", "}", "[", "]", "\"", "\\", "/*c*/", "#", "\u007f", "\u00ff", "\u00e9"};

    private FileMutations() {
    }

    static byte[] mutate(byte[] file, Random random) {
        byte[] out = file;
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            out = once(out, random);
        }
        return out;
    }

    private static byte[] once(byte[] in, Random random) {
        if (in.length == 0) {
            return utf8(VALUES.get(random.nextInt(VALUES.size())));
        }
        int at = random.nextInt(in.length + 1);
        switch (random.nextInt(9)) {
            case 0 -> {
                byte[] out = in.clone();
                out[Math.min(at, in.length - 1)] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> {
                return Arrays.copyOf(in, at);
            }
            case 2 -> {
                int end = Math.min(in.length, at + 1 + random.nextInt(24));
                return join(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(in, end, in.length));
            }
            case 3 -> {
                int from = random.nextInt(in.length);
                int end = Math.min(in.length, from + 1 + random.nextInt(80));
                return join(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(in, from, end), Arrays.copyOfRange(in, at, in.length));
            }
            case 4, 5 -> {
                return duplicateMember(in, random);
            }
            case 6, 7 -> {
                return replaceValue(in, random);
            }
            default -> {
                int boundary = boundary(in, random);
                String between = BETWEEN[random.nextInt(BETWEEN.length)];
                return join(Arrays.copyOfRange(in, 0, boundary), utf8(between), Arrays.copyOfRange(in, boundary, in.length));
            }
        }
    }

    /** A member {@code "name": value} copied right after itself or after an opening brace: a duplicate key. */
    private static byte[] duplicateMember(byte[] in, Random random) {
        int start = random.nextInt(in.length);
        while (start < in.length && in[start] != '"') {
            start++;
        }
        int end = start + 1;
        while (end < in.length && in[end] != ',' && in[end] != '}') {
            end++;
        }
        if (end >= in.length) {
            return in;
        }
        byte[] member = join(Arrays.copyOfRange(in, start, end), utf8(", "));
        int brace = indexOf(in, (byte) '{', random.nextInt(in.length));
        int target = random.nextBoolean() || brace < 0 ? start : brace + 1;
        return join(Arrays.copyOfRange(in, 0, target), member, Arrays.copyOfRange(in, target, in.length));
    }

    /** The value after a colon (up to the next comma or closing brace) swapped for one of {@link #VALUES}. */
    private static byte[] replaceValue(byte[] in, Random random) {
        int colon = indexOf(in, (byte) ':', random.nextInt(in.length));
        if (colon < 0) {
            return in;
        }
        int end = colon + 1;
        int depth = 0;
        while (end < in.length && (depth > 0 || (in[end] != ',' && in[end] != '}'))) {
            if (in[end] == '{' || in[end] == '[') {
                depth++;
            } else if (in[end] == '}' || in[end] == ']') {
                depth--;
            }
            end++;
        }
        String value = (random.nextBoolean() ? " " : "") + VALUES.get(random.nextInt(VALUES.size()));
        return join(Arrays.copyOfRange(in, 0, colon + 1), utf8(value), Arrays.copyOfRange(in, Math.min(end, in.length), in.length));
    }

    /** A position next to a structural character, where whitespace may legally stand. */
    private static int boundary(byte[] in, Random random) {
        int from = random.nextInt(in.length);
        for (int i = from; i < in.length; i++) {
            byte b = in[i];
            if (b == '{' || b == '[' || b == ',' || b == ':') {
                return i + 1;
            }
            if (b == '}' || b == ']') {
                return i;
            }
        }
        return in.length;
    }

    private static int indexOf(byte[] in, byte wanted, int from) {
        for (int i = from; i < in.length; i++) {
            if (in[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> values() {
        List<String> values = new ArrayList<>(List.of("0", "-0", "01", "-01", "1.5", "1.", ".5", "1e5", "-1E+2", "1e", "-",
                "+1", "17", "-17", "999999999999999999", "-999999999999999999", "1000000000000", "-1000000000000",
                "1000000000001", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "123456789012345678901234567890", "1e400", "0.10000000000000000555", "12345678901234567890",
                "123456789012345678901", "true", "false", "null", "nul", "True", "\"\"", "\"x\"", "\"deactivation\"",
                "\"activation\"", "\"a\\nb\"", "\"\\u00e9\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"",
                "\"\\ud83d\\ude00\"", "\"\\/\"", "\"\\q\"", "\"\u00e9\"", "\"\u6771\u4eac\"", "\"tab\there\"", "\"del\u007f\"",
                "{}", "[]", "{\"a\": 1}", "{\"a\": 1, \"a\": 2}", "{\"a\": 1, \"b\": {\"a\": 2}}", "[1, [2, [3]]]",
                "[{\"feature\": \"f\", \"consumptions\": 1}]", "{\"feature\": \"f\", \"consumptions\": 1}",
                "[{\"feature\": \"f\"}]", "[{\"feature\": \"\", \"consumptions\": 1}]",
                "[{\"consumptions\": 2, \"feature\": \"g\"}, {\"feature\": \"f\", \"consumptions\": -0}]",
                "[{\"feature\": \"f\", \"consumptions\": 1, \"feature\": \"g\"}]", "[1]", "[null]", "{\"x\": [1,]}",
                "{\"k\": 1,}", "{\"k\" 1}", "{,}"));
        for (int length : new int[] {127, 128, 129, 255, 256, 257, 4095, 4096, 4097}) {
            values.add("\"" + "y".repeat(length) + "\"");
        }
        for (int depth : new int[] {9, 10, 11, 12, 13, 14, 15, 16, 17}) {
            values.add("[".repeat(depth) + "]".repeat(depth));
            values.add("{\"a\": ".repeat(depth) + "1" + "}".repeat(depth));
        }
        StringBuilder features = new StringBuilder("[");
        for (int i = 0; i < 257; i++) {
            features.append(i == 0 ? "" : ", ").append("{\"feature\": \"f").append(i).append("\", \"consumptions\": 1}");
            if (i == 255) {
                values.add(features + "]");
            }
        }
        values.add(features + "]");
        return List.copyOf(values);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
