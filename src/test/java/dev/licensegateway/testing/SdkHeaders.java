package dev.licensegateway.testing;

import java.time.Instant;
import java.util.Map;

/** The Date and Authorization headers as the vendor's Python SDK writes them ({@code apiKey} in camel case). */
public final class SdkHeaders {

    private SdkHeaders() {
    }

    public static Map<String, String> apiKey(String sharedKey, String apiKey) {
        return apiKey(sharedKey, apiKey, SdkRequestFile.IMF.format(Instant.now()));
    }

    public static Map<String, String> apiKey(String sharedKey, String apiKey, String date) {
        String signature = SdkRequestFile.base64Hmac(sharedKey, "licenseSpring\ndate: " + date);
        return Map.of("Date", date, "Authorization", authorization(signature, apiKey));
    }

    public static String authorization(String signature, String apiKey) {
        return "algorithm=\"hmac-sha256\",headers=\"date\",signature=\"" + signature + "\",apiKey=\"" + apiKey + "\"";
    }
}
