package dev.licensegateway.crypto;

import dev.licensegateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets that must stay usable as HMAC keys (shared keys, OAuth client secrets) with
 * AES-256-GCM under the key from {@code gateway.secrets.encryption-key}. Stored form:
 * {@code version(1) | nonce(12) | ciphertext+tag}. The company id is bound as associated data, so a
 * ciphertext copied to another company does not decrypt.
 */
@Startup
@ApplicationScoped
public class SecretCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(GatewayConfig config) {
        byte[] raw = dev.licensegateway.config.EncryptionKey.decode(config.secrets().encryptionKey());
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] encrypt(String companyId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(companyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The secret's UTF-8 bytes, ready to key an HMAC. */
    public byte[] decrypt(String companyId, byte[] stored) {
        if (stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new IllegalStateException("stored secret has an unknown format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(companyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            // Wrong encryption key or tampered row; the message names neither the secret nor the key.
            throw new IllegalStateException("stored secret could not be decrypted (wrong gateway.secrets.encryption-key?)");
        }
    }
}
