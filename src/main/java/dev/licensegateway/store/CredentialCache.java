package dev.licensegateway.store;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.verify.Credentials;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Credentials by API key, cached per replica with a bounded size and a TTL, unknown keys included
 * (negative caching), so that neither a busy fleet nor a flood of made-up keys reaches the database.
 * Each entry holds ready {@code SigningKey}s, so Macs are initialised once per key, not per request.
 * {@link CredentialChangeListener} evicts a company's entries as soon as the database announces a change.
 */
@ApplicationScoped
public class CredentialCache {

    private static final String API_KEY_PREFIX = "k:";
    private static final String CLIENT_PREFIX = "c:";

    private final CredentialStore store;
    private final AsyncCache<String, Optional<Credentials>> cache;

    public CredentialCache(CredentialStore store, GatewayConfig config) {
        this.store = store;
        long ttl = config.credentialCache().ttl().toNanos();
        long negativeTtl = config.credentialCache().negativeTtl().toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.credentialCache().maxSize())
                .expireAfter(Expiry.creating((String key, Optional<Credentials> value) ->
                        java.time.Duration.ofNanos(value.isPresent() ? ttl : negativeTtl)))
                .buildAsync();
    }

    public Uni<Optional<Credentials>> findByApiKey(String apiKey) {
        // A failed lookup (database away) is not cached: Caffeine drops failed futures.
        return Uni.createFrom().completionStage(() -> cache.get(API_KEY_PREFIX + apiKey,
                (key, executor) -> store.findByApiKey(apiKey).subscribeAsCompletionStage()));
    }

    /** OAuth clients share the cache, under a prefix no API key lookup uses. */
    public Uni<Optional<Credentials>> findByClientId(String clientId) {
        return Uni.createFrom().completionStage(() -> cache.get(CLIENT_PREFIX + clientId,
                (key, executor) -> store.findByClientId(clientId).subscribeAsCompletionStage()));
    }

    /** Drops every entry of the company, and every negative entry (the change may have created a key). */
    public void evictCompany(String companyId) {
        cache.synchronous().asMap().entrySet().removeIf(entry ->
                entry.getValue().map(c -> c.companyId().equals(companyId)).orElse(true));
    }

    public void evictAll() {
        cache.synchronous().invalidateAll();
    }
}
