package dev.licensegateway.credentials;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.credentials.Credentials;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Credentials by API key, cached per replica with a bounded size and a TTL, unknown keys included
 * (negative caching), so that neither a busy fleet nor a flood of made-up keys reaches the database.
 * Each entry holds ready {@code SigningKey}s, so Macs are initialised once per key, not per request.
 *
 * <p>The cache keeps keys, never a verdict past its validity:
 * <ul>
 *   <li>a shared key's {@code not_after} is applied at every use, and the entry expires with it;</li>
 *   <li>{@link CredentialChangeListener} evicts a company's entries as soon as the database announces a change
 *       (revocation, rotation), and a load that was in flight across such an eviction is read again before
 *       anyone sees or caches it (a generation counter, bumped by every eviction);</li>
 *   <li>while that listener is not subscribed, nothing is cached: changes could not reach the cache.</li>
 * </ul>
 */
@ApplicationScoped
public class CredentialCache {

    private static final String API_KEY_PREFIX = "k:";
    private static final String CLIENT_PREFIX = "c:";
    /** Reads of one load when evictions keep arriving; the last one is answered but not kept. */
    private static final int MAX_READS = 3;

    private final CredentialStore store;
    private final AsyncCache<String, Optional<CredentialEntry>> cache;
    private final AtomicLong generation = new AtomicLong();
    private final Clock clock;
    private volatile boolean subscribed;

    public CredentialCache(CredentialStore store, GatewayConfig config) {
        this.store = store;
        this.clock = Clock.systemUTC();
        long ttl = config.credentialCache().ttl().toNanos();
        long negativeTtl = config.credentialCache().negativeTtl().toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.credentialCache().maxSize())
                .expireAfter(Expiry.creating((String key, Optional<CredentialEntry> value) -> {
                    if (value.isEmpty()) {
                        return Duration.ofNanos(negativeTtl);
                    }
                    return Duration.ofNanos(Math.min(ttl, nanosUntil(value.get().validUntil())));
                }))
                .buildAsync();
    }

    public Uni<Optional<Credentials>> findByApiKey(String apiKey) {
        return find(API_KEY_PREFIX + apiKey, () -> store.findByApiKey(apiKey));
    }

    /** OAuth clients share the cache, under a prefix no API key lookup uses. */
    public Uni<Optional<Credentials>> findByClientId(String clientId) {
        return find(CLIENT_PREFIX + clientId, () -> store.findByClientId(clientId));
    }

    private Uni<Optional<Credentials>> find(String key, Supplier<Uni<Optional<CredentialEntry>>> query) {
        Uni<Optional<CredentialEntry>> entry;
        if (!subscribed) {
            entry = query.get();
        } else {
            // A failed lookup (database away) is not cached: Caffeine drops failed futures.
            entry = Uni.createFrom().completionStage(() -> cache.get(key, (k, executor) -> load(k, query, 1)));
        }
        return entry.map(found -> found.map(e -> e.at(clock.instant())));
    }

    /**
     * Reads the entry; if an eviction happened while the read was in flight, the row it read may be the one
     * just revoked, so it reads again. After {@link #MAX_READS} the answer stands for the waiting requests
     * but is dropped from the cache.
     */
    private CompletableFuture<Optional<CredentialEntry>> load(String key, Supplier<Uni<Optional<CredentialEntry>>> query,
                                                             int attempt) {
        long started = generation.get();
        return query.get().subscribeAsCompletionStage().thenCompose(found -> {
            if (generation.get() == started) {
                return CompletableFuture.completedFuture(found);
            }
            if (attempt < MAX_READS) {
                return load(key, query, attempt + 1);
            }
            CompletableFuture<Optional<CredentialEntry>> answer = CompletableFuture.completedFuture(found);
            answer.thenRun(() -> cache.asMap().remove(key));
            return answer;
        });
    }

    /** Drops every entry of the company, and every negative entry (the change may have created a key). */
    public void evictCompany(String companyId) {
        generation.incrementAndGet();
        cache.synchronous().asMap().entrySet().removeIf(entry ->
                entry.getValue().map(e -> e.credentials().companyId().equals(companyId)).orElse(true));
    }

    public void evictAll() {
        generation.incrementAndGet();
        cache.synchronous().invalidateAll();
    }

    /** The change notifications are flowing (again): caching starts afresh. */
    public void subscribed() {
        evictAll();
        subscribed = true;
    }

    /** The change notifications stopped: nothing cached may be trusted, and nothing is cached until they resume. */
    public void unsubscribed() {
        subscribed = false;
        evictAll();
    }

    private long nanosUntil(Instant end) {
        try {
            return Math.max(0, Duration.between(clock.instant(), end).toNanos());
        } catch (ArithmeticException beyondRange) {
            return Long.MAX_VALUE;
        }
    }
}
