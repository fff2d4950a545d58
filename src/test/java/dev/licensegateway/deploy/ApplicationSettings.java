package dev.licensegateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.config.GatewayConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the application itself says about its HTTP and management ports, its health paths and the configuration keys it
 * reads, so the manifests are checked against the application rather than against a copy of it.
 */
final class ApplicationSettings {

    /** Phase of a Quarkus key that an environment variable can still change when the container starts. */
    static final String RUN_TIME = "RUN_TIME";
    static final String GATEWAY = "gateway (GatewayConfig)";

    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

    private final Properties properties;

    private ApplicationSettings(Properties properties) {
        this.properties = properties;
    }

    static ApplicationSettings load() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(PROPERTIES)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ApplicationSettings(properties);
    }

    int httpPort() {
        return Integer.parseInt(value("quarkus.http.port", "8080"));
    }

    /** Health, metrics and OpenAPI are served here ({@code quarkus.management.enabled}), not on {@link #httpPort()}. */
    int managementPort() {
        if (!Boolean.parseBoolean(value("quarkus.management.enabled", "false"))) {
            throw new AssertionError("quarkus.management.enabled is off: health and metrics would be on the public port");
        }
        return Integer.parseInt(value("quarkus.management.port", "9000"));
    }

    String livenessPath() {
        return healthPath(value("quarkus.smallrye-health.liveness-path", "live"));
    }

    String readinessPath() {
        return healthPath(value("quarkus.smallrye-health.readiness-path", "ready"));
    }

    String startupPath() {
        return healthPath(value("quarkus.smallrye-health.startup-path", "started"));
    }

    /** Prometheus endpoint of quarkus-micrometer-registry-prometheus. */
    String metricsPath() {
        return nonApplicationPath(value("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    /** Defaults as documented by quarkus-vertx-http and quarkus-smallrye-health; none is overridden today. */
    private String healthPath(String leaf) {
        return nonApplicationPath(trimSlashes(value("quarkus.smallrye-health.root-path", "health")) + "/"
                + trimSlashes(leaf));
    }

    /** Under the management interface's root path (quarkus.management.root-path, default /q). */
    private String nonApplicationPath(String path) {
        return "/" + trimSlashes(value("quarkus.management.root-path", "q")) + "/" + trimSlashes(path);
    }

    private String value(String key, String fallback) {
        return properties.getProperty(key, fallback).trim();
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    /**
     * Every environment variable the application reads, with where it comes from: the phase recorded in the
     * Quarkus extensions' own configuration model (META-INF/quarkus-config-doc in each runtime jar), or
     * {@link #GATEWAY} for the keys of {@link GatewayConfig}.
     */
    static Map<String, String> knownEnvironmentVariables() {
        Map<String, String> known = new HashMap<>(quarkusKeys());
        ConfigMapping mapping = GatewayConfig.class.getAnnotation(ConfigMapping.class);
        collectGatewayKeys(GatewayConfig.class, mapping.prefix(), known);
        return Collections.unmodifiableMap(known);
    }

    /** SmallRye's environment-variable form of a property name. */
    static String environmentVariable(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Map<String, String> quarkusKeys() {
        Map<String, String> keys = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try {
            for (URL model : Collections.list(ApplicationSettings.class.getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
                try (InputStream in = model.openStream()) {
                    collectQuarkusKeys(json.readTree(in), keys);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (keys.isEmpty()) {
            throw new AssertionError("no Quarkus configuration model on the test classpath");
        }
        return keys;
    }

    private static void collectQuarkusKeys(JsonNode node, Map<String, String> keys) {
        if (node.isObject()) {
            JsonNode variable = node.path("path").path("environmentVariable");
            if (variable.isTextual()) {
                keys.merge(variable.asText(), node.path("phase").asText(), (a, b) -> RUN_TIME.equals(a) ? a : b);
            }
            node.forEach(child -> collectQuarkusKeys(child, keys));
        } else if (node.isArray()) {
            node.forEach(child -> collectQuarkusKeys(child, keys));
        }
    }

    /** Walks the mapping interface: a method returning a nested interface is a group, any other a key. */
    private static void collectGatewayKeys(Class<?> group, String prefix, Map<String, String> keys) {
        for (Method method : group.getDeclaredMethods()) {
            if (method.getParameterCount() > 0 || Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            WithName rename = method.getAnnotation(WithName.class);
            String name = prefix + "." + (rename != null ? rename.value() : kebab(method.getName()));
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() != null
                    && type.getName().startsWith(GatewayConfig.class.getName())) {
                collectGatewayKeys(type, name, keys);
            } else {
                keys.put(environmentVariable(name), GATEWAY);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
