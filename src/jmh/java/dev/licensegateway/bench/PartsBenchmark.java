package dev.licensegateway.bench;

import dev.licensegateway.decode.Base64StreamDecoder;
import dev.licensegateway.decode.DecodedBody;
import dev.licensegateway.decode.PayloadParser;
import dev.licensegateway.decode.RequestFile;
import dev.licensegateway.verify.HttpDate;
import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The steps of path (a) one by one, on the 2 KiB schema v2 file (the largest, with every signature), to show
 * where its time goes: decoding (from Vert.x buffers, from plain arrays, and the JDK's decoder for scale),
 * the header checks, binding (and by the Jackson path alone, for scale), the file's signatures, and pieces inside them (the {@code date + 1 s} text, one
 * HMAC), the digest. Path (a) is about decodeBuffers + headerChecks + parse + fileSignatures + payloadDigest.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class PartsBenchmark {

    private static final MethodHandle JACKSON_PATH = jacksonPath();

    private RequestFiles request;
    private byte[][] arrays;
    private DecodedBody decoded;
    private RequestFile file;
    private byte[] innerMessage;
    private String fileDate;

    @Setup
    public void setUp() {
        request = RequestFiles.of(2048, 2);
        arrays = new byte[request.chunks.length][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = request.chunks[i].getBytes();
        }
        decoded = decodeBuffers();
        file = PayloadParser.parse(decoded);
        fileDate = file.payload().date();
        innerMessage = ("licenseSpring\ndate: " + fileDate + "\n" + file.payload().licenseIdentity() + "\n"
                + file.payload().hardwareId() + "\n" + file.payload().principal()).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public DecodedBody decodeBuffers() {
        Base64StreamDecoder decoder = new Base64StreamDecoder(request.body.length, HotPathBenchmark.MAX_BODY);
        for (Buffer chunk : request.chunks) {
            decoder.feed(chunk);
        }
        return decoder.finish();
    }

    @Benchmark
    public DecodedBody decodeArrays() {
        Base64StreamDecoder decoder = new Base64StreamDecoder(request.body.length, HotPathBenchmark.MAX_BODY);
        for (byte[] chunk : arrays) {
            decoder.feed(chunk, 0, chunk.length);
        }
        return decoder.finish();
    }

    @Benchmark
    public byte[] decodeJdkMime() {
        byte[] encoded = new byte[request.body.length];
        int at = 0;
        for (Buffer chunk : request.chunks) {
            chunk.getBytes(0, chunk.length(), encoded, at);
            at += chunk.length();
        }
        return Base64.getMimeDecoder().decode(encoded);
    }

    /** Authorization parsed, Date fresh, the header's HMAC. */
    @Benchmark
    public void headerChecks() {
        ProductionChecks.checkHeaders(request.caller, request.date, request.authorization);
    }

    @Benchmark
    public RequestFile parse() {
        return PayloadParser.parse(decoded);
    }

    /** The same file by the Jackson path alone, which the fast path of {@link #parse} hands everything else to. */
    @Benchmark
    public RequestFile parseJackson() {
        try {
            return (RequestFile) JACKSON_PATH.invokeExact(decoded);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Outer HMAC over the request member, inner HMAC for date and date + 1 s, the signature fingerprint. */
    @Benchmark
    public byte[] fileSignatures() {
        return ProductionChecks.checkSignatures(request.caller, decoded, file);
    }

    /** The text of {@code date + 1 s} that the inner check signs a second time. */
    @Benchmark
    public String datePlusOneSecond() {
        return HttpDate.format(HttpDate.parse(fileDate).plusSeconds(1));
    }

    @Benchmark
    public byte[] oneInnerHmac() {
        return request.caller.signingKeys().get(0).sign(innerMessage);
    }

    private static MethodHandle jacksonPath() {
        try {
            return MethodHandles.privateLookupIn(PayloadParser.class, MethodHandles.lookup()).findStatic(PayloadParser.class,
                    "parseWithJackson", MethodType.methodType(RequestFile.class, DecodedBody.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Benchmark
    public byte[] payloadDigest() {
        return decoded.digest();
    }
}
