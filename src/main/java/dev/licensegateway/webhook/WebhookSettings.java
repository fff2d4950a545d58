package dev.licensegateway.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Delivery of deactivation events to webhook endpoints; each key and default is listed in the README. */
@ConfigMapping(prefix = "gateway.webhooks")
public interface WebhookSettings {

    /** Whether this replica runs a dispatcher (every replica may; they share the outbox safely). */
    @WithDefault("true")
    boolean dispatcherEnabled();

    /** How often an idle dispatcher looks for due deliveries. */
    @WithDefault("1S")
    Duration pollInterval();

    /** Deliveries in flight at once on one replica (also the most claimed per poll). */
    @WithDefault("16")
    int maxInFlight();

    /** Connect and response timeout of one delivery. */
    @WithDefault("10S")
    Duration requestTimeout();

    /** How long a claimed delivery belongs to its dispatcher; must exceed the request timeout. */
    @WithDefault("60S")
    Duration lease();

    /** Wait after the first failed attempt; doubled after each further one. */
    @WithDefault("5S")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("1H")
    Duration maxBackoff();

    /** Attempts before a delivery is marked failed (it can be re-driven through the admin API). */
    @WithDefault("15")
    int maxAttempts();
}
