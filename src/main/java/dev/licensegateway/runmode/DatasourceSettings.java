package dev.licensegateway.runmode;

import java.util.Locale;

/** Reads, before Quarkus starts, whether the operator configured a database. */
final class DatasourceSettings {

    private DatasourceSettings() {
    }

    static boolean configured() {
        return isSet("quarkus.datasource.reactive.url");
    }

    /** True when the key is given as a system property or in its environment-variable form. */
    static boolean isSet(String key) {
        String env = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        return notBlank(System.getProperty(key)) || notBlank(System.getenv(env));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
