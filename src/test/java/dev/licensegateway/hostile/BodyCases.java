package dev.licensegateway.hostile;

import static dev.licensegateway.hostile.HostileCase.PATH;
import static dev.licensegateway.hostile.HostileCase.b64;
import static dev.licensegateway.hostile.HostileCase.bytes;
import static dev.licensegateway.hostile.HostileCase.post;
import static dev.licensegateway.hostile.HostileCase.refused;
import static dev.licensegateway.hostile.HostileCase.unknownDevice;

import dev.licensegateway.testing.TestCompany;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

/** The body: base64 and its framing, sizes, and multipart oddities. */
final class BodyCases {

    static final int LIMIT = 64 * 1024;

    private BodyCases() {
    }

    static RawHttp.Request chunked(TestCompany c, byte[] body, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return post(c, out.toByteArray()).header("Transfer-Encoding", "chunked");
    }

    /** A multipart body from (name, filename or null, content) triples. */
    static byte[] multipart(String boundary, String... parts) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i += 3) {
            out.append("--").append(boundary).append("\r\n");
            out.append("Content-Disposition: form-data; name=\"").append(parts[i]).append('"');
            if (parts[i + 1] != null) {
                out.append("; filename=\"").append(parts[i + 1]).append('"');
            }
            out.append("\r\n");
            if (parts[i + 1] != null) {
                out.append("Content-Type: application/octet-stream\r\n");
            }
            out.append("\r\n").append(parts[i + 2]).append("\r\n");
        }
        out.append("--").append(boundary).append("--\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static RawHttp.Request multipartPost(TestCompany c, String contentType, byte[] body) {
        return new RawHttp.Request(PATH).headers(c.headers()).header("Content-Type", contentType).body(body);
    }

    static RawHttp.Request multipartPost(TestCompany c, String boundary, String... parts) {
        return multipartPost(c, "multipart/form-data; boundary=" + boundary, multipart(boundary, parts));
    }

    static Stream<HostileCase> cases() {
        String g = "body";
        String m = "multipart";
        return Stream.of(
                refused(g, "whitespace only", 400, "missing_parameters", c -> post(c, " \r\n\t \n")),
                refused(g, "padding only", 400, "authorization_missing_params", c -> post(c, "====")),
                refused(g, "a single base64 character", 400, "authorization_missing_params", c -> post(c, "Q")),
                refused(g, "data after padding", 400, "authorization_missing_params", c -> post(c, "QQ==QQ==")),
                refused(g, "three characters and one pad", 400, "authorization_missing_params", c -> post(c, "QQ=")),
                refused(g, "a NUL byte inside the base64", 400, "authorization_missing_params", c -> {
                    String file = unknownDevice(c).file();
                    return post(c, (file.substring(0, 20) + "\0" + file.substring(20)).getBytes(StandardCharsets.ISO_8859_1));
                }),
                refused(g, "non-ASCII bytes inside the base64", 400, "authorization_missing_params",
                        c -> post(c, unknownDevice(c).file().replaceFirst("A", "é"))),
                refused(g, "raw JSON instead of base64", 400, "authorization_missing_params", c -> post(c, unknownDevice(c).json())),
                refused(g, "percent-encoded base64", 400, "authorization_missing_params",
                        c -> post(c, unknownDevice(c).file().replace("=", "%3D").replace("+", "%2B") + "%0A")),
                refused(g, "form-urlencoded file=…", 400, "authorization_missing_params",
                        c -> post(c, "file=" + unknownDevice(c).file()).withoutHeader("Content-Type")
                                .header("Content-Type", "application/x-www-form-urlencoded")),
                refused(g, "base64 of {}", 400, "authorization_missing_params", c -> post(c, b64("{}"))),
                refused(g, "base64 of a JSON string", 400, "invalid_json", c -> post(c, b64("\"deactivation\""))),
                refused(g, "base64 of null", 400, "invalid_json", c -> post(c, b64("null"))),
                refused(g, "base64 of whitespace", 400, "invalid_json", c -> post(c, b64("   \n"))),
                refused(g, "base64 of random bytes", 400, "invalid_json", c -> post(c, b64(bytes(0x80, 0x81, 0xfe, 0xff, 0x00)))),
                refused(g, "chunked upload is read like any other", 400, "device_not_found",
                        c -> chunked(c, unknownDevice(c).file().getBytes(StandardCharsets.US_ASCII), 7)),
                refused(g, "chunked upload over the limit", 413, "payload_too_large",
                        c -> chunked(c, " ".repeat(LIMIT + 1).getBytes(StandardCharsets.US_ASCII), 4096)),
                refused(g, "Content-Length of a terabyte", 413, "payload_too_large",
                        c -> post(c, unknownDevice(c)).header("Content-Length", "1000000000000")),
                refused(g, "Expect: 100-continue with a body over the limit", 413, "payload_too_large",
                        c -> post(c, new byte[0]).header("Expect", "100-continue").header("Content-Length", String.valueOf(LIMIT + 1))),
                refused(g, "limit plus one byte of whitespace", 413, "payload_too_large",
                        c -> post(c, unknownDevice(c).file() + " ".repeat(LIMIT + 1 - unknownDevice(c).file().length()))),
                refused(g, "base64 wrapped at 76 columns is read", 400, "device_not_found",
                        c -> post(c, Base64.getMimeEncoder().encodeToString(unknownDevice(c).json().getBytes(StandardCharsets.UTF_8)))),
                refused(g, "URL-safe alphabet without padding is read", 400, "device_not_found",
                        c -> post(c, Base64.getUrlEncoder().withoutPadding()
                                .encodeToString(unknownDevice(c).json().getBytes(StandardCharsets.UTF_8)))),
                // media types are case-insensitive (RFC 9110 8.3.1), their boundary parameter's name too
                refused(m, "Multipart/Form-Data in mixed case", 400, "device_not_found",
                        c -> multipartPost(c, "Multipart/Form-Data; boundary=b7", multipart("b7", "file", "f.req", unknownDevice(c).file()))),
                refused(m, "MULTIPART/FORM-DATA with BOUNDARY in upper case", 400, "device_not_found",
                        c -> multipartPost(c, "MULTIPART/FORM-DATA; BOUNDARY=b8", multipart("b8", "file", "f.req", unknownDevice(c).file()))),
                refused(g, "Application/JSON in mixed case: the decoded object itself", 400, "device_not_found",
                        c -> new RawHttp.Request(PATH).headers(c.headers()).header("Content-Type", "Application/JSON")
                                .body(unknownDevice(c).json())),
                refused(g, "TEXT/PLAIN in upper case", 400, "device_not_found",
                        c -> new RawHttp.Request(PATH).headers(c.headers()).header("Content-Type", "TEXT/PLAIN; Charset=UTF-8")
                                .body(unknownDevice(c).file())),
                // multipart
                refused(m, "no boundary parameter", 400, "missing_parameters",
                        c -> multipartPost(c, "multipart/form-data", multipart("b0", "file", "f.req", unknownDevice(c).file()))),
                refused(m, "boundary that never appears", 400, "missing_parameters",
                        c -> multipartPost(c, "multipart/form-data; boundary=nothere", multipart("b0", "file", "f.req", unknownDevice(c).file()))),
                refused(m, "no parts at all", 400, "missing_parameters",
                        c -> multipartPost(c, "multipart/form-data; boundary=b0", "--b0--\r\n".getBytes(StandardCharsets.US_ASCII))),
                refused(m, "1000 parts: past the decoder's field limit", 400, "validation_error", c -> {
                    String[] parts = new String[3000];
                    for (int i = 0; i < 1000; i++) {
                        parts[3 * i] = "p" + i;
                        parts[3 * i + 1] = null;
                        parts[3 * i + 2] = "v";
                    }
                    return multipartPost(c, "b1", parts);
                }),
                refused(m, "the file part twice: the first is used, the second never applied", 400, "device_not_found",
                        c -> multipartPost(c, "b2", "file", "a.req", unknownDevice(c).file(), "file", "b.req", c.file("PERP", "hw-1").file())),
                refused(m, "batch: 1000 parts past the decoder's field limit", 400, "validation_error", c -> {
                    String[] parts = new String[3003];
                    for (int i = 0; i < 1000; i++) {
                        parts[3 * i] = "p" + i;
                        parts[3 * i + 1] = null;
                        parts[3 * i + 2] = "v";
                    }
                    parts[3000] = "file";
                    parts[3001] = "f.req";
                    parts[3002] = c.file("PERP", "hw-1").file();
                    return multipartPost(c, "b11", parts).target(PATH + "/batch");
                }),
                refused(m, "a part name of 10 KB: past the decoder's buffer", 400, "validation_error",
                        c -> multipartPost(c, "b3", "n".repeat(10_000), null, "x", "file", "f.req", unknownDevice(c).file())),
                refused(m, "100 parts, none named file", 400, "missing_parameters", c -> {
                    String[] parts = new String[300];
                    for (int i = 0; i < 100; i++) {
                        parts[3 * i] = "p" + i;
                        parts[3 * i + 1] = null;
                        parts[3 * i + 2] = "v";
                    }
                    return multipartPost(c, "b10", parts);
                }),
                refused(m, "part named FILE", 400, "missing_parameters",
                        c -> multipartPost(c, "b4", "FILE", "f.req", c.file("PERP", "hw-1").file())),
                refused(m, "file part over the limit", 413, "payload_too_large",
                        c -> multipartPost(c, "b5", "file", "f.req", " ".repeat(LIMIT + 10))),
                refused(m, "final boundary missing", 400, "device_not_found", c -> {
                    byte[] body = multipart("b6", "file", "f.req", unknownDevice(c).file());
                    return multipartPost(c, "multipart/form-data; boundary=b6",
                            java.util.Arrays.copyOf(body, body.length - "--b6--\r\n".length()));
                }),
                refused(m, "filename with a path traversal", 400, "device_not_found",
                        c -> multipartPost(c, "b7", "file", "../../../../etc/passwd", unknownDevice(c).file())),
                refused(m, "boundary of 70 characters", 400, "device_not_found",
                        c -> multipartPost(c, "b".repeat(70), "file", "f.req", unknownDevice(c).file())),
                refused(m, "file as a plain form field", 400, "device_not_found",
                        c -> multipartPost(c, "b8", "file", null, unknownDevice(c).file())),
                refused(m, "multipart/mixed is not multipart/form-data: taken as text", 400, "authorization_missing_params",
                        c -> multipartPost(c, "multipart/mixed; boundary=b9", multipart("b9", "file", "f.req", unknownDevice(c).file()))));
    }
}
