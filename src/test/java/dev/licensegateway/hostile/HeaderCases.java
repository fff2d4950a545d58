package dev.licensegateway.hostile;

import static dev.licensegateway.hostile.HostileCase.PATH;
import static dev.licensegateway.hostile.HostileCase.b64;
import static dev.licensegateway.hostile.HostileCase.refused;
import static dev.licensegateway.hostile.HostileCase.unknownDevice;

import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Stream;

/** Date and Authorization: malformed, stale, repeated, forged, or naming someone else. */
final class HeaderCases {

    static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HeaderCases() {
    }

    /** The unknown-device file with the given Date and Authorization instead of the company's. */
    static RawHttp.Request with(TestCompany c, String date, String authorization) {
        RawHttp.Request request = new RawHttp.Request(PATH).header("Content-Type", "text/plain")
                .body(unknownDevice(c).file());
        if (date != null) {
            request.header("Date", date);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    static String now() {
        return IMF.format(Instant.now());
    }

    static String signedAuthorization(TestCompany c, String date) {
        return SdkHeaders.apiKey(c.sharedKey, c.apiKey, date).get("Authorization");
    }

    static String params(String algorithm, String headers, String signature, String apiKey) {
        return "algorithm=\"" + algorithm + "\",headers=\"" + headers + "\",signature=\"" + signature
                + "\",apikey=\"" + apiKey + "\"";
    }

    static String validSignature(TestCompany c, String date) {
        return SdkRequestFile.base64Hmac(c.sharedKey, "licenseSpring\ndate: " + date);
    }

    static Stream<HostileCase> cases() {
        String g = "headers";
        return Stream.of(
                refused(g, "Date header blank", 400, "missing_headers", c -> with(c, "   ", signedAuthorization(c, now()))),
                refused(g, "Authorization header blank", 400, "missing_headers", c -> with(c, now(), " ")),
                refused(g, "Date with a numeric zone instead of GMT", 400, "date_header_diff", c -> {
                    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC))
                            .replace("GMT", "+0000");
                    return with(c, date, signedAuthorization(c, date));
                }),
                refused(g, "Date in RFC 850 form", 400, "date_header_diff", c -> {
                    String date = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
                            .withZone(ZoneOffset.UTC).format(Instant.now());
                    return with(c, date, signedAuthorization(c, date));
                }),
                refused(g, "Date 16 minutes ahead, correctly signed", 400, "date_header_diff", c -> {
                    String date = IMF.format(Instant.now().plusSeconds(16 * 60));
                    return with(c, date, signedAuthorization(c, date));
                }),
                refused(g, "Date of 4 KB", 400, "date_header_diff", c -> with(c, now() + " ".repeat(10) + "x".repeat(4096),
                        signedAuthorization(c, now()))),
                refused(g, "Authorization without algorithm", 400, "authorization_invalid_headers",
                        c -> with(c, now(), "headers=\"date\",signature=\"" + validSignature(c, now()) + "\",apikey=\"" + c.apiKey + "\"")),
                refused(g, "Authorization parameter given twice", 400, "authorization_invalid_headers",
                        c -> with(c, now(), signedAuthorization(c, now()) + ",apikey=\"" + c.apiKey + "\"")),
                refused(g, "Authorization with an unterminated quote", 400, "authorization_invalid_headers",
                        c -> with(c, now(), "algorithm=\"hmac-sha256,headers=\"date")),
                refused(g, "Authorization parameter name with a space", 400, "authorization_invalid_headers",
                        c -> with(c, now(), "algorithm=\"hmac-sha256\",headers=\"date\",signature=\"" + validSignature(c, now())
                                + "\",api key=\"" + c.apiKey + "\"")),
                refused(g, "Authorization signing more headers than Date", 400, "authorization_invalid_headers",
                        c -> with(c, now(), params("hmac-sha256", "date host", validSignature(c, now()), c.apiKey))),
                refused(g, "Authorization with an empty signature", 400, "authorization_invalid_headers",
                        c -> with(c, now(), params("hmac-sha256", "date", "", c.apiKey))),
                refused(g, "Authorization 'Bearer' without a token", 400, "authorization_invalid_headers",
                        c -> with(c, now(), "Bearer")),
                refused(g, "Authorization 'Bearer' with two tokens", 400, "authorization_invalid_headers",
                        c -> with(c, now(), "Bearer abc def")),
                refused(g, "Authorization Basic", 400, "authorization_invalid_headers",
                        c -> with(c, now(), "Basic dXNlcjpwYXNz")),
                refused(g, "Bearer token shaped like a JWT", 401, "oauth_token_malformed",
                        c -> with(c, now(), "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")),
                refused(g, "algorithm hmac-sha512", 400, "hmac_required",
                        c -> with(c, now(), params("hmac-sha512", "date", validSignature(c, now()), c.apiKey))),
                refused(g, "header signature that is not base64", 400, "signature_mismatch",
                        c -> with(c, now(), params("hmac-sha256", "date", "!!!!", c.apiKey))),
                refused(g, "header signature of 31 bytes", 400, "signature_mismatch",
                        c -> with(c, now(), params("hmac-sha256", "date", b64(new byte[31]), c.apiKey))),
                refused(g, "header signature over another Date", 400, "signature_mismatch", c -> {
                    String date = now();
                    return with(c, date, params("hmac-sha256", "date",
                            validSignature(c, IMF.format(Instant.now().minusSeconds(1))), c.apiKey));
                }),
                refused(g, "header signed with the api key instead of the shared key", 400, "signature_mismatch",
                        c -> with(c, now(), params("hmac-sha256", "date",
                                SdkRequestFile.base64Hmac(c.apiKey, "licenseSpring\ndate: " + now()), c.apiKey))),
                refused(g, "unknown api key of 10 KB", 400, "invalid_api_key",
                        c -> with(c, now(), params("hmac-sha256", "date", validSignature(c, now()), "k".repeat(10_000)))),
                refused(g, "api key carrying SQL", 400, "invalid_api_key",
                        c -> with(c, now(), params("hmac-sha256", "date", validSignature(c, now()), "x' OR '1'='1"))),
                refused(g, "Authorization repeated, the first malformed", 400, "authorization_invalid_headers",
                        c -> new RawHttp.Request(PATH).header("Date", now()).header("Authorization", "let me in")
                                .header("Authorization", signedAuthorization(c, now())).header("Content-Type", "text/plain")
                                .body(unknownDevice(c).file())),
                refused(g, "Date repeated, the first stale", 400, "date_header_diff", c -> {
                    String stale = "Tue, 07 Jun 2011 20:51:35 GMT";
                    return new RawHttp.Request(PATH).header("Date", stale).header("Date", now())
                            .header("Authorization", signedAuthorization(c, stale)).header("Content-Type", "text/plain")
                            .body(unknownDevice(c).file());
                }),
                refused(g, "company A's genuine file sent with company B's headers", 400, "signature_mismatch",
                        c -> with(c, null, null).headers(HostileInputCatalogueTest.otherCompany().headers())),
                refused(g, "company B signs a file naming company A's api key", 400, "invalid_api_key", c -> {
                    TestCompany b = HostileInputCatalogueTest.otherCompany();
                    return HostileCase.post(b, SdkRequestFile.keyBased(b.sharedKey, c.apiKey, "studio", "PERP", "hw-1"));
                }));
    }
}
