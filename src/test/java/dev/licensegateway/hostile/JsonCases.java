package dev.licensegateway.hostile;

import static dev.licensegateway.hostile.HostileCase.b64;
import static dev.licensegateway.hostile.HostileCase.bytes;
import static dev.licensegateway.hostile.HostileCase.post;
import static dev.licensegateway.hostile.HostileCase.refused;
import static dev.licensegateway.hostile.HostileCase.unknownDevice;
import static dev.licensegateway.hostile.HostileCase.withBytes;
import static dev.licensegateway.hostile.HostileCase.withFirstMember;
import static dev.licensegateway.hostile.HostileCase.withValue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/** The decoded JSON: duplicates, trailing tokens, depth, numbers, NUL, surrogates, BOM and encodings. */
final class JsonCases {

    private JsonCases() {
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static byte[] withBom(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bytes.length + 3];
        System.arraycopy(bytes(0xef, 0xbb, 0xbf), 0, withBom, 0, 3);
        System.arraycopy(bytes, 0, withBom, 3, bytes.length);
        return withBom;
    }

    static Stream<HostileCase> cases() {
        String g = "json";
        return Stream.of(
                refused(g, "duplicate top-level key", 400, "validation_error",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"hardware_id\": \"hw-1\"")))),
                refused(g, "duplicate key inside the v2 request", 400, "validation_error", c -> post(c, b64(
                        unknownDevice(c).v2().json().replaceFirst("\\{\"request\": \\{", "{\"request\": {\"hardware_id\": \"hw-1\", ")))),
                refused(g, "duplicate key inside a product_features entry", 400, "validation_error", c -> post(c, b64(
                        withFirstMember(unknownDevice(c), "\"product_features\": [{\"feature\": \"f\", \"consumptions\": 1, \"feature\": \"g\"}]")))),
                refused(g, "a second object after the root", 400, "invalid_json", c -> post(c, b64(unknownDevice(c).json() + " {}"))),
                refused(g, "a stray token after the root", 400, "invalid_json", c -> post(c, b64(unknownDevice(c).json() + "x"))),
                refused(g, "a trailing comma inside the root", 400, "invalid_json",
                        c -> post(c, b64(unknownDevice(c).json().replaceFirst("}$", ",}")))),
                refused(g, "variables nested 17 deep", 400, "validation_error",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"variables\": " + nested(16))))),
                refused(g, "variables nested 20,000 deep", 400, "validation_error",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"variables\": " + nested(20_000))))),
                refused(g, "consumptions 1e400", 400, "validation_error",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"consumptions\": 1e400")))),
                refused(g, "consumptions of 30 digits", 400, "validation_error",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"consumptions\": " + "9".repeat(30))))),
                refused(g, "consumptions of 5000 digits", 400, "validation_error",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"consumptions\": " + "9".repeat(5000))))),
                refused(g, "consumptions NaN", 400, "invalid_json",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"consumptions\": NaN")))),
                refused(g, "consumptions -Infinity", 400, "invalid_json",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"consumptions\": -Infinity")))),
                refused(g, "consumptions -0.0", 400, "validation_error",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"consumptions\": -0.0")))),
                refused(g, "escaped NUL in hardware_id", 400, "validation_error",
                        c -> post(c, b64(withValue(unknownDevice(c), "hardware_id", "\"hw-404\\u0000\"")))),
                refused(g, "raw NUL byte in a string", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes('a', 0, 'b'))))),
                refused(g, "escaped lone high surrogate", 400, "validation_error",
                        c -> post(c, b64(withValue(unknownDevice(c), "hostname", "\"x\\ud800y\"")))),
                refused(g, "lone low surrogate in a variables key", 400, "invalid_json",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"variables\": {\"\\udc00\": 1}")))),
                refused(g, "surrogate written as CESU-8 bytes", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes(0xed, 0xa0, 0x80))))),
                refused(g, "invalid UTF-8 byte 0xFF", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes(0xff))))),
                refused(g, "truncated UTF-8 sequence", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes(0xe6, 0x9d))))),
                refused(g, "overlong UTF-8 encoding of '/'", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes(0xc0, 0xaf))))),
                refused(g, "overlong UTF-8 encoding of 'a'", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes(0xc1, 0xa1))))),
                refused(g, "overlong three-byte UTF-8 NUL", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes(0xe0, 0x80, 0x80))))),
                refused(g, "overlong four-byte UTF-8 '/'", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes(0xf0, 0x80, 0x80, 0xaf))))),
                refused(g, "UTF-8 past U+10FFFF", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes(0xf4, 0x90, 0x80, 0x80))))),
                refused(g, "UTF-8 surrogate DFFF", 400, "invalid_json",
                        c -> post(c, b64(withBytes(unknownDevice(c), "fleet-node", bytes(0xed, 0xbf, 0xbf))))),
                refused(g, "a UTF-8 byte order mark is tolerated", 400, "device_not_found",
                        c -> post(c, b64(withBom(unknownDevice(c).json())))),
                refused(g, "a UTF-8 byte order mark before a v2 file keeps the signed span exact", 400, "device_not_found",
                        c -> post(c, b64(withBom(unknownDevice(c).v2().json())))),
                refused(g, "v1 file encoded as UTF-16", 400, "invalid_json",
                        c -> post(c, b64(unknownDevice(c).json().getBytes(StandardCharsets.UTF_16BE)))),
                refused(g, "v2 file encoded as UTF-16", 400, "invalid_json",
                        c -> post(c, b64(c.file("PERP", "hw-404").v2().json().getBytes(StandardCharsets.UTF_16LE)))),
                refused(g, "v2 file encoded as UTF-32", 400, "invalid_json",
                        c -> post(c, b64(c.file("PERP", "hw-404").v2().json().getBytes(Charset.forName("UTF-32BE"))))),
                refused(g, "a comment inside the object", 400, "invalid_json",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "/* hi */ \"ip\": \"1.2.3.4\"")))),
                refused(g, "single-quoted strings", 400, "invalid_json",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "'ip': '1.2.3.4'")))),
                refused(g, "an unquoted field name", 400, "invalid_json",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "ip: \"1.2.3.4\"")))),
                refused(g, "a field name of 40,000 characters", 400, "validation_error",
                        c -> post(c, b64(withFirstMember(unknownDevice(c), "\"" + "n".repeat(40_000) + "\": 1")))));
    }
}
