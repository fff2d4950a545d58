package dev.licensegateway.decode;

import java.util.function.Supplier;

/**
 * One request file of a batch, not yet decoded: {@code decode} yields its bytes or throws the documented
 * error that the same file would get from the single endpoint (empty, not base64, too large).
 */
public record BatchFile(int index, Supplier<DecodedBody> decode) {
}
