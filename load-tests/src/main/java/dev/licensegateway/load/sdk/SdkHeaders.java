package dev.licensegateway.load.sdk;

import java.time.Instant;

/**
 * The Date and Authorization headers as the vendor's Python SDK writes them ({@code apiKey} in camel case).
 * A copy of the gateway's test class {@code dev.licensegateway.testing.SdkHeaders}; the Date is computed per
 * call, so every request carries a fresh one.
 */
public final class SdkHeaders {

    private SdkHeaders() {
    }

    /** The two headers of one request, dated {@code now}. */
    public record Signed(String date, String authorization) {
    }

    public static Signed apiKey(String sharedKey, String apiKey, Instant now) {
        String date = SdkRequestFile.IMF.format(now);
        return new Signed(date, authorization(SdkRequestFile.base64Hmac(sharedKey, "licenseSpring\ndate: " + date), apiKey));
    }

    public static Signed apiKey(String sharedKey, String apiKey) {
        return apiKey(sharedKey, apiKey, Instant.now());
    }

    public static String authorization(String signature, String apiKey) {
        return "algorithm=\"hmac-sha256\",headers=\"date\",signature=\"" + signature + "\",apiKey=\"" + apiKey + "\"";
    }
}
