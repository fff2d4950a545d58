package dev.licensegateway.webhook;

import dev.licensegateway.crypto.SecretCipher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/** Runs this replica's webhook dispatcher from start to shutdown, unless {@code gateway.webhooks.dispatcher-enabled=false}. */
@ApplicationScoped
public class WebhookDispatch {

    private final WebhookDispatcher dispatcher;
    private final boolean enabled;

    public WebhookDispatch(Vertx vertx, Pool pool, SecretCipher cipher, WebhookSettings settings) {
        this.enabled = settings.dispatcherEnabled();
        this.dispatcher = new WebhookDispatcher(vertx, new OutboxStore(pool, owner()), cipher, settings);
    }

    void start(@Observes StartupEvent started) {
        if (enabled) {
            dispatcher.start();
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        dispatcher.stop();
    }

    /** A name unique per process, shown as the lease owner of the deliveries it holds. */
    private static String owner() {
        String host = System.getenv().getOrDefault("HOSTNAME", "gateway");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
