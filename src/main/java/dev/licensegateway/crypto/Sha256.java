package dev.licensegateway.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 with one {@link MessageDigest} per thread: {@code MessageDigest.getInstance} looks the provider up and
 * builds a new instance reflectively on every call, which cost more than hashing a short signature.
 * {@code digest} resets the instance, so a thread's next call starts clean.
 */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    public static byte[] of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    public static byte[] of(byte[] bytes, int offset, int length) {
        MessageDigest sha = DIGEST.get();
        sha.update(bytes, offset, length);
        return sha.digest();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
