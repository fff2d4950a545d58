package dev.licensegateway.config;

import java.util.Base64;
import java.util.Optional;

/**
 * Reads {@code gateway.secrets.encryption-key}. Every way it can be wrong is one sentence naming the key, its
 * environment variable and how to make one, so start-up ends with a line an operator can act on.
 */
public final class EncryptionKey {

    public static final String KEY = "gateway.secrets.encryption-key";
    private static final String HOW = " Set GATEWAY_SECRETS_ENCRYPTION_KEY (or " + KEY + ") to base64 of 32 random bytes,"
            + " e.g. GATEWAY_SECRETS_ENCRYPTION_KEY=$(openssl rand -base64 32), and keep it: it decrypts the stored keys.";

    private EncryptionKey() {
    }

    /** The 32 key bytes, or an {@link IllegalStateException} whose message is the whole explanation. */
    public static byte[] decode(Optional<String> encoded) {
        String value = encoded.map(String::trim).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalStateException("Configuration error: " + KEY + " is not set." + HOW));
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Configuration error: " + KEY + " is not valid base64." + HOW);
        }
        if (raw.length != 32) {
            throw new IllegalStateException("Configuration error: " + KEY + " decodes to " + raw.length
                    + " bytes, not 32." + HOW);
        }
        return raw;
    }
}
