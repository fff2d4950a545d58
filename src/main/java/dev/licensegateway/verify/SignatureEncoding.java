package dev.licensegateway.verify;

import java.util.Base64;
import java.util.HexFormat;

/** Decodes a claimed signature: base64 (vendor SDKs, Python) or hex in either case (the C++ SDK's v2 signature). */
final class SignatureEncoding {

    private static final int HMAC_BYTES = 32;

    private SignatureEncoding() {
    }

    /** The signature's bytes, or null when it is neither valid base64 nor hex of an HMAC-SHA256. */
    static byte[] decodeBase64(String signature) {
        try {
            byte[] bytes = Base64.getDecoder().decode(signature.trim());
            return bytes.length == HMAC_BYTES ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] decodeBase64OrHex(String signature) {
        String trimmed = signature.trim();
        if (trimmed.length() == 2 * HMAC_BYTES && allHex(trimmed)) {
            return HexFormat.of().parseHex(trimmed);
        }
        return decodeBase64(trimmed);
    }

    private static boolean allHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isHex(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
