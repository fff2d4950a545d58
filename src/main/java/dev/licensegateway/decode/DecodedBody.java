package dev.licensegateway.decode;

import dev.licensegateway.crypto.Sha256;
/** The decoded request file: the first {@code length} bytes of {@code bytes} (not copied). */
public record DecodedBody(byte[] bytes, int length) {

    /** SHA-256 of the decoded file: what makes a replay recognisable. */
    public byte[] digest() {
        return Sha256.of(bytes, 0, length);
    }
}
