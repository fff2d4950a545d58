package dev.licensegateway.admin.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Tuning of imports and bulk loads; each key and default is listed in the README. */
@ConfigMapping(prefix = "gateway.import")
public interface ImportSettings {

    /** Rows per multi-row INSERT (licenses, devices, users, features). */
    @WithDefault("5000")
    int batchSize();

    /** Threads hashing license-user passwords during an import; default: the number of CPUs. */
    Optional<Integer> passwordHashThreads();
}
