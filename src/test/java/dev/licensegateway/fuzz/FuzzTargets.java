package dev.licensegateway.fuzz;

import dev.licensegateway.decode.Base64StreamDecoder;
import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.decode.DecodedBody;
import dev.licensegateway.decode.PayloadParser;
import dev.licensegateway.decode.RequestFile;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.hostile.RawHttp;
import dev.licensegateway.verify.Authorization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

/**
 * The fuzz targets, on plain bytes so that the same input replays anywhere: under Jazzer ({@code *Fuzzer},
 * {@code -Pfuzz}) and from {@code src/test/resources/fuzz/<target>/} in the default suite
 * ({@link FuzzRegressionTest}). A target fails with an {@link AssertionError} (or lets an undocumented
 * exception out), which is what a client would have seen as a 500 or a wrong answer.
 */
public final class FuzzTargets {

    static final Set<ErrorCode> BODY_CODES = EnumSet.of(ErrorCode.MISSING_PARAMETERS, ErrorCode.AUTHORIZATION_MISSING_PARAMS);
    static final Set<ErrorCode> PARSER_CODES = EnumSet.of(ErrorCode.INVALID_JSON, ErrorCode.VALIDATION_ERROR,
            ErrorCode.AUTHORIZATION_MISSING_PARAMS);
    static final Set<ErrorCode> AUTHORIZATION_CODES = EnumSet.of(ErrorCode.AUTHORIZATION_INVALID_HEADERS, ErrorCode.HMAC_REQUIRED);
    static final long MAX_ABS_CONSUMPTIONS = 1_000_000_000_000L;

    private static BodyReaderServer server;

    private FuzzTargets() {
    }

    /**
     * The body decoder, fed in chunks cut at random places (the first byte seeds the cuts and the initial
     * capacity): the outcome must not depend on the cuts, and must equal a reference decoder's.
     */
    public static void base64Decoder(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Random cuts = new Random(data[0]);
        byte[] text = Arrays.copyOfRange(data, 1, data.length);
        Object whole = decode(text, new int[] {text.length}, text.length);
        int[] sizes = new int[text.length + 1];
        int n = 0;
        for (int i = 0; i < text.length; n++) {
            sizes[n] = Math.min(text.length - i, cuts.nextInt(8));
            i += sizes[n];
        }
        Object chunked = decode(text, Arrays.copyOf(sizes, n), cuts.nextBoolean() ? 0 : cuts.nextInt(16));
        Object direct = decodeDirect(text, Arrays.copyOf(sizes, n));
        Object expected = ReferenceBase64.decode(text);
        if (!same(whole, chunked) || !same(whole, direct) || !same(whole, expected)) {
            throw new AssertionError("decoder disagrees: whole " + show(whole) + ", chunked " + show(chunked)
                    + ", direct buffers " + show(direct) + ", reference " + show(expected));
        }
    }

    /** As the network delivers it: Netty direct buffers (no backing array), fed as Vert.x Buffers. */
    private static Object decodeDirect(byte[] text, int[] sizes) {
        Base64StreamDecoder decoder = new Base64StreamDecoder(0, Long.MAX_VALUE / 2);
        int at = 0;
        for (int size : sizes) {
            io.netty.buffer.ByteBuf chunk = io.netty.buffer.Unpooled.directBuffer(Math.max(size, 1)).writeBytes(text, at, size);
            try {
                decoder.feed(io.vertx.core.buffer.Buffer.buffer(chunk));
            } finally {
                chunk.release();
            }
            at += size;
        }
        return finish(decoder);
    }

    private static Object decode(byte[] text, int[] sizes, long expected) {
        Base64StreamDecoder decoder = new Base64StreamDecoder(expected, Long.MAX_VALUE / 2);
        int at = 0;
        for (int size : sizes) {
            decoder.feed(text, at, size);
            at += size;
        }
        return finish(decoder);
    }

    private static Object finish(Base64StreamDecoder decoder) {
        try {
            DecodedBody body = decoder.finish();
            return Arrays.copyOf(body.bytes(), body.length());
        } catch (ApiException e) {
            if (!BODY_CODES.contains(e.code())) {
                throw new AssertionError("undocumented code from the decoder: " + e.code());
            }
            return e.code();
        }
    }

    private static boolean same(Object a, Object b) {
        return a instanceof byte[] x && b instanceof byte[] y ? Arrays.equals(x, y) : a.equals(b);
    }

    private static String show(Object o) {
        return o instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : String.valueOf(o);
    }

    /** The payload parser on arbitrary bytes: a file that satisfies every documented rule, or a documented code. */
    public static void payloadParser(byte[] data) {
        RequestFile file;
        try {
            file = PayloadParser.parse(new DecodedBody(data, data.length));
        } catch (ApiException e) {
            if (!PARSER_CODES.contains(e.code())) {
                throw new AssertionError("undocumented code from the parser: " + e.code());
            }
            return;
        }
        DeactivationPayload p = file.payload();
        check(file.schemaVersion() == 1 || file.schemaVersion() == 2, "schema version " + file.schemaVersion());
        check((p.licenseKey() == null) != (p.username() == null), "exactly one of license_key and username");
        check((p.apiKey() == null) != (p.clientId() == null), "exactly one of api_key and client_id");
        for (String value : new String[] {p.product(), p.hardwareId(), p.date(), p.signature(), p.requestId(),
                p.licenseIdentity(), p.principal()}) {
            check(value != null && !value.isEmpty() && value.length() <= 256, "required text present and short");
            checkText(value);
        }
        check(Math.abs((double) p.consumptions()) <= MAX_ABS_CONSUMPTIONS, "consumptions in range: " + p.consumptions());
        check(p.productFeatures().size() <= 256, "at most 256 features");
        p.productFeatures().forEach(f -> {
            check(Math.abs((double) f.consumptions()) <= MAX_ABS_CONSUMPTIONS, "feature consumptions in range");
            checkText(f.feature());
        });
        if (file.isV2()) {
            int from = file.requestOffset();
            int length = file.requestLength();
            check(from >= 0 && length > 1 && from + length <= data.length, "the signed span lies inside the file");
            check(data[from] == '{' && data[from + length - 1] == '}', "the signed span is the request object");
            check(file.outerSignature() != null && !file.outerSignature().isEmpty(), "v2 has an outer signature");
        } else {
            check(file.outerSignature() == null && file.requestOffset() == -1, "v1 has no outer signature");
        }
        new DecodedBody(data, data.length).digest();
    }

    private static void checkText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            check(c != 0, "no NUL");
            if (Character.isHighSurrogate(c)) {
                check(i + 1 < value.length() && Character.isLowSurrogate(value.charAt(++i)), "no lone surrogate");
            } else {
                check(!Character.isLowSurrogate(c), "no lone surrogate");
            }
        }
    }

    /** The Authorization header parser, on any ISO-8859-1 text (what an HTTP header can carry). */
    public static void authorization(byte[] data) {
        String header = new String(data, StandardCharsets.ISO_8859_1);
        Authorization parsed;
        try {
            parsed = Authorization.parse(header);
        } catch (ApiException e) {
            if (!AUTHORIZATION_CODES.contains(e.code())) {
                throw new AssertionError("undocumented code from the Authorization parser: " + e.code());
            }
            return;
        }
        if (parsed instanceof Authorization.ApiKey key) {
            check(!key.apiKey().isEmpty() && !key.signature().isEmpty(), "api key and signature present");
        } else if (parsed instanceof Authorization.Bearer bearer) {
            check(!bearer.token().isEmpty() && bearer.token().indexOf(' ') < 0, "one token");
        }
    }

    /**
     * The multipart path through {@code BodyReader} on a real Vert.x server: the input's first line is the
     * boundary (its legal characters), the rest is the body. Only 200, 400, 408 and 413 in the error shape may
     * come back, within seconds, and nothing undocumented may have been raised.
     */
    public static void multipart(byte[] data) {
        BodyReaderServer s = server();
        int newline = indexOf(data, (byte) '\n');
        String boundary = newline < 0 ? "b" : new String(data, 0, Math.min(newline, 72), StandardCharsets.ISO_8859_1)
                .replaceAll("[^A-Za-z0-9'()+_,./:=?-]", "");
        byte[] body = newline < 0 ? data : Arrays.copyOfRange(data, newline + 1, data.length);
        RawHttp.Response response;
        try {
            response = RawHttp.exchange(s.port(), new RawHttp.Request("/")
                    .header("Content-Type", "multipart/form-data; boundary=" + (boundary.isEmpty() ? "b" : boundary))
                    .body(body), Duration.ofSeconds(5));
        } catch (java.io.UncheckedIOException e) {
            throw new AssertionError("no answer from the multipart path within 5 s (read timeout 1 s)", e);
        }
        // 408: a body Netty's multipart decoder gave up on never ends; the read timeout answers it.
        check(response.status() == 200 || response.status() == 400 || response.status() == 408 || response.status() == 413,
                "documented status, got " + response.status() + " " + response.text());
        if (response.status() != 200) {
            check(response.text().startsWith("{\"status\":" + response.status() + ",\"code\":\""), "error shape: " + response.text());
        }
        if (!s.unexpected().isEmpty()) {
            Throwable first = s.unexpected().get(0);
            s.unexpected().clear();
            throw new AssertionError("undocumented failure on the multipart path", first);
        }
    }

    static synchronized BodyReaderServer server() {
        if (server == null) {
            server = new BodyReaderServer();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
