package dev.licensegateway.hostile;

import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/**
 * One row of the hostile-input catalogue: what is sent (built against a provisioned company, after any
 * setup it needs) and the documented answer. {@code status} 200 rows are replays that must change nothing;
 * a null {@code code} accepts any code in the error shape. A {@code framing} row is refused by Vert.x's HTTP/1.1
 * codec before any route runs: its documented answer (README, Operations) is the bare status with no body and
 * no content type, because Quarkus gives the application no hook into that codec's answer.
 */
record HostileCase(String group, String name, int status, String code, Function<TestCompany, RawHttp.Request> request,
                   boolean framing) {

    static final String PATH = "/api/v4/deactivate_offline";

    static HostileCase refused(String group, String name, int status, String code,
                               Function<TestCompany, RawHttp.Request> request) {
        return new HostileCase(group, name, status, code, request, false);
    }

    static HostileCase replayed(String group, String name, Function<TestCompany, RawHttp.Request> request) {
        return new HostileCase(group, name, 200, null, request, false);
    }

    /** Refused by Vert.x's HTTP codec with a bare {@code status} before any route runs (see {@link HostileCase}). */
    static HostileCase framing(String group, String name, int status, Function<TestCompany, RawHttp.Request> request) {
        return new HostileCase(group, name, status, null, request, true);
    }

    @Override
    public String toString() {
        return group + ": " + name;
    }

    // --- building requests ---

    /** The SDK's request: fresh Date and Authorization of the company, text/plain. */
    static RawHttp.Request post(TestCompany c, String body) {
        return new RawHttp.Request(PATH).headers(c.headers()).header("Content-Type", "text/plain").body(body);
    }

    static RawHttp.Request post(TestCompany c, byte[] body) {
        return new RawHttp.Request(PATH).headers(c.headers()).header("Content-Type", "text/plain").body(body);
    }

    static RawHttp.Request post(TestCompany c, SdkRequestFile file) {
        return post(c, file.file());
    }

    /** A well-formed, correctly signed file the business rules refuse ({@code device_not_found}): applied by nobody. */
    static SdkRequestFile unknownDevice(TestCompany c) {
        return c.file("PERP", "hw-404");
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The file's JSON with a raw member put first, e.g. {@code "hardware_id": "x"}. */
    static String withFirstMember(SdkRequestFile file, String member) {
        return file.json().replaceFirst("\\{", "{" + java.util.regex.Matcher.quoteReplacement(member) + ", ");
    }

    /** The file's JSON with the value of a string member replaced by raw JSON text. */
    static String withValue(SdkRequestFile file, String field, String rawValue) {
        String json = file.json();
        String edited = json.replaceFirst("\"" + field + "\": \"[^\"]*\"",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\": " + rawValue));
        if (edited.equals(json)) {
            throw new IllegalArgumentException("no string member " + field);
        }
        return edited;
    }

    /** The file's UTF-8 bytes with the ASCII text {@code marker} replaced by raw bytes. */
    static byte[] withBytes(SdkRequestFile file, String marker, byte[] replacement) {
        byte[] json = file.json().getBytes(StandardCharsets.UTF_8);
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= json.length; i++) {
            if (java.util.Arrays.equals(json, i, i + needle.length, needle, 0, needle.length)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(json, 0, i);
                out.writeBytes(replacement);
                out.write(json, i + needle.length, json.length - i - needle.length);
                return out.toByteArray();
            }
        }
        throw new IllegalArgumentException("no " + marker);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
