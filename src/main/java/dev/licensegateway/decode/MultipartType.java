package dev.licensegateway.decode;

import io.vertx.core.http.HttpServerRequest;

/**
 * Turns on Vert.x's multipart decoding for a {@code multipart/form-data} request whatever the case of its media
 * type. Media types are case-insensitive (RFC 9110 §8.3.1), but Netty's {@code HttpPostRequestDecoder.isMultipart}
 * tests {@code startsWith("multipart/form-data")}: {@code Multipart/Form-Data} would be read as a URL-encoded
 * form and its file part lost. The type is lower-cased before decoding; the parameters (a boundary is
 * case-sensitive) stay as sent.
 */
public final class MultipartType {

    private static final String MULTIPART = "multipart/form-data";

    private MultipartType() {
    }

    public static void expect(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        if (type != null && type.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length())
                && !type.startsWith(MULTIPART)) {
            request.headers().set("Content-Type", MULTIPART + type.substring(MULTIPART.length()));
        }
        request.setExpectMultipart(true);
    }
}
