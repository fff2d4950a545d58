package dev.licensegateway.decode;

import java.util.function.Supplier;

/**
 * One uploaded request file with the name it had on the operator's disk ({@code null} if none was given),
 * not yet decoded: {@code decode} yields its bytes or throws the documented error the single endpoint
 * would answer for the same file.
 */
public record NamedFile(int index, String name, Supplier<DecodedBody> decode) {
}
