package dev.licensegateway.decode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The decoded request file: the first {@code length} bytes of {@code bytes} (not copied). */
public record DecodedBody(byte[] bytes, int length) {

    /** SHA-256 of the decoded file: what makes a replay recognisable. */
    public byte[] digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, 0, length);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
