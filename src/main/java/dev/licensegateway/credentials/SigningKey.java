package dev.licensegateway.credentials;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA256 key (a company shared key, an OAuth client secret or client id) with its initialised
 * {@link Mac} confined to each thread: no {@code Mac.getInstance} or {@code init} per request, and no
 * sharing of a Mac between threads. Built once per key and kept in the credential cache; a rotated key
 * is a new instance.
 */
public final class SigningKey {

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> mac;

    public SigningKey(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac instance = Mac.getInstance("HmacSHA256");
            instance.init(key);
            return instance;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public byte[] sign(byte[] message) {
        return sign(message, 0, message.length);
    }

    public byte[] sign(byte[] message, int offset, int length) {
        Mac instance = mac.get();
        instance.update(message, offset, length);
        return instance.doFinal();
    }

    /** Constant-time comparison of the HMAC of the message with a claimed signature. */
    public boolean verifies(byte[] message, int offset, int length, byte[] claimed) {
        return claimed != null && MessageDigest.isEqual(sign(message, offset, length), claimed);
    }

    public boolean verifies(byte[] message, byte[] claimed) {
        return verifies(message, 0, message.length, claimed);
    }

    /** Constant-time: is this the key whose bytes are given (a client secret presented at the token endpoint)? */
    public boolean isKey(byte[] candidate) {
        return MessageDigest.isEqual(key.getEncoded(), candidate);
    }

    @Override
    public String toString() {
        return "SigningKey[…]";
    }
}
