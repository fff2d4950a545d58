package dev.licensegateway.bench;

import dev.licensegateway.credentials.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HMAC-SHA256 verification of an inner signing string (~150 bytes) with one company key shared by two
 * threads, by the ways a cached key can hand out its {@link Mac}: confined to each thread (what
 * {@link SigningKey} does), a clone of an initialised prototype per call, a small lock-free pool, and
 * {@code Mac.getInstance} + {@code init} per call. Throughput is the sum over both threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@Fork(1)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class MacStrategyBenchmark {

    private final byte[] key = RequestFiles.SHARED_KEY.getBytes(StandardCharsets.UTF_8);
    private final SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
    private final byte[] message = ("licenseSpring\ndate: Tue, 07 Jun 2011 20:51:35 GMT\nQX7K-2MWP-9HTD-4RBN\n"
            + "4c1f9e2a7b3d5f60\n" + RequestFiles.API_KEY).getBytes(StandardCharsets.UTF_8);
    private final ConcurrentLinkedQueue<Mac> pool = new ConcurrentLinkedQueue<>();
    private SigningKey signingKey;
    private Mac prototype;
    private byte[] claimed;

    @Setup
    public void setUp() throws GeneralSecurityException {
        signingKey = new SigningKey(key);
        prototype = newMac();
        claimed = newMac().doFinal(message);
    }

    @Benchmark
    public boolean threadConfined() {
        return signingKey.verifies(message, claimed);
    }

    @Benchmark
    public boolean clonePerCall() throws CloneNotSupportedException {
        Mac mac = (Mac) prototype.clone();
        return MessageDigest.isEqual(mac.doFinal(message), claimed);
    }

    @Benchmark
    public boolean pooled() throws GeneralSecurityException {
        Mac mac = pool.poll();
        if (mac == null) {
            mac = newMac();
        }
        try {
            return MessageDigest.isEqual(mac.doFinal(message), claimed);
        } finally {
            pool.offer(mac);
        }
    }

    @Benchmark
    public boolean getInstancePerCall() throws GeneralSecurityException {
        return MessageDigest.isEqual(newMac().doFinal(message), claimed);
    }

    private Mac newMac() throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(spec);
        return mac;
    }
}
