package dev.licensegateway.fuzz;

import dev.licensegateway.error.ErrorCode;
import java.util.Base64;

/**
 * What the body decoder must answer, written the slow and obvious way: drop whitespace, then padding only
 * at the end and at most two, both alphabets, no lone sixth bit group; decode with the JDK.
 */
final class ReferenceBase64 {

    private ReferenceBase64() {
    }

    /** The decoded bytes, or the {@link ErrorCode} the decoder must throw. */
    static Object decode(byte[] input) {
        StringBuilder text = new StringBuilder();
        for (byte b : input) {
            char c = (char) (b & 0xff);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f') {
                text.append(c);
            }
        }
        if (text.isEmpty()) {
            return ErrorCode.MISSING_PARAMETERS;
        }
        int firstPad = text.indexOf("=");
        int padding = firstPad < 0 ? 0 : text.length() - firstPad;
        String data = firstPad < 0 ? text.toString() : text.substring(0, firstPad);
        if (padding > 2 || !text.substring(data.length()).chars().allMatch(c -> c == '=')) {
            return ErrorCode.AUTHORIZATION_MISSING_PARAMS;
        }
        if (!data.chars().allMatch(ReferenceBase64::inAlphabet) || data.isEmpty() || data.length() % 4 == 1
                || (padding > 0 && (data.length() + padding) % 4 != 0)) {
            return ErrorCode.AUTHORIZATION_MISSING_PARAMS;
        }
        String standard = data.replace('-', '+').replace('_', '/');
        return Base64.getDecoder().decode(standard + "==".substring(0, (4 - standard.length() % 4) % 4));
    }

    private static boolean inAlphabet(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '-' || c == '_';
    }
}
