package dev.licensegateway.credentials;

import dev.licensegateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * LISTENs on {@code credentials_changed} (sent by triggers, see V3 migration) on its own session
 * ({@code gateway.credential-cache.listen-url}, which must not go through a transaction-mode pooler), so that a key rotated or
 * revoked through any replica, or by SQL, takes effect on every replica's warm cache at once. While the
 * subscription is down the cache keeps nothing, and whenever it reconnects the whole cache is dropped:
 * notifications may have been missed.
 */
@ApplicationScoped
public class CredentialChangeListener {

    static final String CHANNEL = "credentials_changed";
    private static final Logger LOG = Logger.getLogger(CredentialChangeListener.class);

    private final CredentialCache cache;
    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    public CredentialChangeListener(CredentialCache cache, Vertx vertx, GatewayConfig config,
                                    @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                                    @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                                    @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.cache = cache;
        this.vertx = vertx;
        this.url = config.credentialCache().listenUrl().orElse(url);
        this.username = username;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                // Called when the session drops and after each failed attempt; the close handler is not (it
                // runs only when the subscriber gives up, which this policy never does).
                .reconnectPolicy(retries -> {
                    cache.unsubscribed();
                    if (retries == 0) {
                        LOG.warn("credential change notifications interrupted; nothing is cached until they resume");
                    }
                    return 1000L;
                });
        subscriber.channel(CHANNEL)
                .subscribeHandler(ignored -> cache.subscribed())
                .handler(cache::evictCompany);
        subscriber.closeHandler(ignored -> cache.unsubscribed());
        connect();
    }

    private void connect() {
        subscriber.connect().onFailure(failure -> {
            LOG.warnf("credential change listener not connected (%s); retrying in 1 s", failure.getClass().getSimpleName());
            vertx.setTimer(1000, ignored -> connect());
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
