package dev.licensegateway.hostile;

import static dev.licensegateway.hostile.HostileCase.PATH;
import static dev.licensegateway.hostile.HostileCase.framing;
import static dev.licensegateway.hostile.HostileCase.post;
import static dev.licensegateway.hostile.HostileCase.refused;
import static dev.licensegateway.hostile.HostileCase.unknownDevice;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/** The HTTP layer: methods, request targets, versions, framing and repeated headers. */
final class HttpCases {

    private HttpCases() {
    }

    static Stream<HostileCase> cases() {
        String g = "http";
        return Stream.of(
                refused(g, "GET", 405, "method_not_allowed", c -> post(c, unknownDevice(c)).method("GET").body(new byte[0])),
                refused(g, "PUT with a file", 405, "method_not_allowed", c -> post(c, unknownDevice(c)).method("PUT")),
                refused(g, "DELETE", 405, "method_not_allowed", c -> post(c, unknownDevice(c)).method("DELETE").body(new byte[0])),
                refused(g, "PATCH with a file", 405, "method_not_allowed", c -> post(c, unknownDevice(c)).method("PATCH")),
                refused(g, "OPTIONS", 405, "method_not_allowed", c -> post(c, unknownDevice(c)).method("OPTIONS").body(new byte[0])),
                refused(g, "TRACE", 405, "method_not_allowed", c -> post(c, unknownDevice(c)).method("TRACE").body(new byte[0])),
                refused(g, "an invented method", 405, "method_not_allowed", c -> post(c, unknownDevice(c)).method("BREW")),
                refused(g, "path in upper case", 404, "not_found",
                        c -> post(c, unknownDevice(c)).target("/API/V4/DEACTIVATE_OFFLINE")),
                refused(g, "path with a suffix", 404, "not_found", c -> post(c, unknownDevice(c)).target(PATH + ".json")),
                refused(g, "path of another API version", 404, "not_found",
                        c -> post(c, unknownDevice(c)).target("/api/v3/deactivate_offline")),
                refused(g, "path with an encoded NUL", 404, "not_found", c -> post(c, unknownDevice(c)).target(PATH + "%00")),
                refused(g, "path with dot segments reaches the endpoint", 400, "device_not_found",
                        c -> post(c, unknownDevice(c)).target("/api/v4/x/../deactivate_offline")),
                refused(g, "absolute-form request target", 400, "device_not_found",
                        c -> post(c, unknownDevice(c)).target("http://127.0.0.1" + PATH)),
                refused(g, "query string is ignored", 400, "device_not_found",
                        c -> post(c, unknownDevice(c)).target(PATH + "?license_key=PERP&hardware_id=hw-1")),
                refused(g, "HTTP/1.0", 400, "device_not_found", c -> post(c, unknownDevice(c)).version("HTTP/1.0")),
                framing(g, "request target of 10 KB", 414,
                        c -> post(c, unknownDevice(c)).target(PATH + "?" + "q".repeat(10_000))),
                framing(g, "headers of 40 KB", 431,
                        c -> post(c, unknownDevice(c)).header("X-Pad", "p".repeat(40_000))),
                framing(g, "request line without a version", 400, c -> RawHttp.Request.raw(
                        ("POST " + PATH + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII))),
                framing(g, "header line without a colon", 400,
                        c -> post(c, unknownDevice(c)).header("NoColonHere", "x").header("Broken header line\r\nX-A", "b")),
                framing(g, "two different Content-Length headers", 400, c -> {
                    String body = unknownDevice(c).file();
                    return post(c, body).header("Content-Length", String.valueOf(body.length()))
                            .header("Content-Length", String.valueOf(body.length() + 1));
                }),
                framing(g, "negative Content-Length", 400,
                        c -> post(c, unknownDevice(c)).header("Content-Length", "-1")),
                framing(g, "Content-Length that is not a number", 400,
                        c -> post(c, unknownDevice(c)).header("Content-Length", "twelve")),
                refused(g, "Content-Type repeated: text, then multipart", 400, "device_not_found",
                        c -> new RawHttp.Request(PATH).headers(c.headers()).header("Content-Type", "text/plain")
                                .header("Content-Type", "multipart/form-data; boundary=x").body(unknownDevice(c).file())));
    }
}
