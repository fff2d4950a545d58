package dev.licensegateway.runmode;

import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.config.SmallRyeConfig;
import java.util.List;
import java.util.Optional;

/**
 * Reads, before Quarkus starts, whether the operator configured a database, through the same configuration
 * sources Quarkus will use (SmallRye Config: system properties, environment and profile-prefixed variables,
 * {@code .env}, {@code config/application.properties}, {@code quarkus.config.locations}, the bundled file).
 * Only when none of them names a datasource does the demo's embedded database start.
 */
final class DatasourceSettings {

    static final List<String> URL_KEYS = List.of("quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url");
    static final List<String> CREDENTIAL_KEYS = List.of("quarkus.datasource.username", "quarkus.datasource.password");

    /** What the configuration says about the database. */
    enum Mode {
        /** No datasource key in any source: the embedded demo database. */
        DEMO,
        /** A datasource is configured: it is used (and waited for), never replaced. */
        CONFIGURED,
        /** Credentials without a URL: a mistake to report, not a reason to start a throw-away database. */
        INCOMPLETE
    }

    private final SmallRyeConfig config;

    private DatasourceSettings(SmallRyeConfig config) {
        this.config = config;
    }

    static DatasourceSettings read() {
        return new DatasourceSettings(ConfigUtils.configBuilder().build());
    }

    Mode mode() {
        if (URL_KEYS.stream().anyMatch(this::isSet)) {
            return Mode.CONFIGURED;
        }
        return CREDENTIAL_KEYS.stream().anyMatch(this::isSet) ? Mode.INCOMPLETE : Mode.DEMO;
    }

    /** True when any source gives the key a value; a value that cannot be resolved counts as given. */
    boolean isSet(String key) {
        try {
            return config.getOptionalValue(key, String.class).filter(value -> !value.isBlank()).isPresent();
        } catch (RuntimeException unresolvable) {
            return true;
        }
    }

    Optional<String> value(String key) {
        try {
            return config.getOptionalValue(key, String.class).filter(value -> !value.isBlank());
        } catch (RuntimeException unresolvable) {
            return Optional.empty();
        }
    }
}
