package dev.licensegateway.verify;

import dev.licensegateway.credentials.Credentials;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * An optional token bucket per API key or OAuth client, per replica ({@code gateway.rate-limit.*}): with N
 * replicas behind a balancer a key gets about N times the rate. Checked after authentication, so made-up
 * keys cannot fill it, and before any database work.
 */
@ApplicationScoped
public class RateLimiter {

    private final double perSecond;
    private final int burst;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    public RateLimiter(GatewayConfig config) {
        this.perSecond = config.rateLimit().perKey();
        this.burst = config.rateLimit().burst();
    }

    /** Takes one token for the caller, or refuses with 429 {@code rate_limited}. */
    public void acquire(Credentials caller) {
        if (perSecond <= 0) {
            return;
        }
        Bucket bucket = buckets.get(caller.companyId() + '\u0000' + caller.principal(), key -> new Bucket(burst));
        if (!bucket.take(perSecond, burst, System.nanoTime())) {
            throw ErrorCode.RATE_LIMITED.exception();
        }
    }

    /** Tokens refill continuously at the rate, up to the burst. */
    static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int burst) {
            this.tokens = burst;
            this.last = System.nanoTime();
        }

        synchronized boolean take(double perSecond, int burst, long now) {
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
