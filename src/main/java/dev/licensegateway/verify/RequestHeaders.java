package dev.licensegateway.verify;

/** The headers the License API reads, as received (either may be null), and the caller's address. */
public record RequestHeaders(String date, String authorization, String sourceIp) {
}
