package dev.licensegateway.admin.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How long the audit trail and delivered webhooks are kept; each key and default is listed in the README. */
@ConfigMapping(prefix = "gateway.retention")
public interface RetentionSettings {

    /** Age after which deactivation events are deleted; absent keeps them forever. Replays never depend on them. */
    Optional<Duration> deactivationEvents();

    /** Age after which delivered webhook deliveries are deleted. */
    @WithDefault("30D")
    Duration deliveredWebhooks();

    /** How often a replica runs the clean-up (one replica at a time: an advisory lock). */
    @WithDefault("1H")
    Duration interval();

    /** Rows deleted per statement, so that no clean-up holds long locks. */
    @WithDefault("10000")
    int batchSize();
}
