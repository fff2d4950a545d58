package dev.licensegateway.bench;

import dev.licensegateway.decode.Base64StreamDecoder;
import dev.licensegateway.decode.DecodedBody;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + verify + bind of one SDK-style request file, once the caller's credentials are cached, by three
 * paths: (a) the gateway's streaming decoder fed the body's network buffers, (b) the JDK's MIME decoder on a
 * copy of the body, both followed by the gateway's parser and signature checks, and (c) the naive path of
 * {@link NaivePath}. Throughput in operations per second; the runner derives microseconds per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class HotPathBenchmark {

    static final long MAX_BODY = 64 * 1024;

    /** Encoded size of the file on the wire, in bytes. */
    @Param({"512", "2048"})
    public int size;

    @Param({"1", "2"})
    public int schema;

    private RequestFiles request;

    @Setup
    public void setUp() {
        request = RequestFiles.of(size, schema);
        Verified a = a_streaming();
        Verified b = b_jdkMime();
        Verified c = c_naive();
        if (!Arrays.equals(a.payloadDigest(), b.payloadDigest()) || !Arrays.equals(a.payloadDigest(), c.payloadDigest())
                || !Arrays.equals(a.signatureFingerprint(), c.signatureFingerprint())
                || !a.requestId().equals(c.requestId())) {
            throw new IllegalStateException("the three paths disagree on the same file");
        }
    }

    /** (a) The gateway: chunks fed as they arrive into one pre-sized array, parsed and verified from its bytes. */
    @Benchmark
    public Verified a_streaming() {
        Base64StreamDecoder decoder = new Base64StreamDecoder(request.body.length, MAX_BODY);
        for (Buffer chunk : request.chunks) {
            decoder.feed(chunk);
        }
        return ProductionChecks.verify(request.caller, request.date, request.authorization, decoder.finish());
    }

    /** (b) The body copied into one array (what an aggregating body handler does), then the JDK's MIME decoder. */
    @Benchmark
    public Verified b_jdkMime() {
        byte[] encoded = new byte[request.body.length];
        int at = 0;
        for (Buffer chunk : request.chunks) {
            chunk.getBytes(0, chunk.length(), encoded, at);
            at += chunk.length();
        }
        byte[] decoded = Base64.getMimeDecoder().decode(encoded);
        return ProductionChecks.verify(request.caller, request.date, request.authorization,
                new DecodedBody(decoded, decoded.length));
    }

    /** (c) String body, readTree, a new Mac per signature. */
    @Benchmark
    public Verified c_naive() {
        return NaivePath.verify(request.sharedKey, request.date, request.authorization, request.chunks);
    }
}
