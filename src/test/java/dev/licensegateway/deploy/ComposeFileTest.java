package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml and its Prometheus configuration agree with the application: the same variables,
 * port, health and metrics paths, and no secret value in the repository. (Compose itself cannot run here: see
 * deploy/README.md for the schema validation that was done instead.)
 */
class ComposeFileTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final ApplicationSettings APP = ApplicationSettings.load();
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[?-][^}]*)?}");

    private final JsonNode compose = read(DEPLOY.resolve("compose.yaml"));
    private final JsonNode gateway = compose.path("services").path("gateway");

    @Test
    void runsTheGatewayPostgres17AndPrometheusEachWithAHealthCheck() {
        assertThat(names(compose.path("services"))).containsExactlyInAnyOrder("gateway", "postgres", "prometheus");
        compose.path("services").fields().forEachRemaining(service ->
                assertThat(service.getValue().path("healthcheck").path("test").isArray())
                        .as(service.getKey() + " has a health check").isTrue());
        assertThat(compose.path("services").path("postgres").path("image").asText()).startsWith("postgres:17");
        assertThat(gateway.path("build").path("dockerfile").asText()).isEqualTo("deploy/Dockerfile");
        assertThat(gateway.path("depends_on").path("postgres").path("condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void everyServiceRestartsByItselfWithinAMemoryLimit() {
        compose.path("services").fields().forEachRemaining(service -> {
            assertThat(service.getValue().path("restart").asText()).as(service.getKey()).isEqualTo("unless-stopped");
            assertThat(service.getValue().path("deploy").path("resources").path("limits").path("memory").asText())
                    .as(service.getKey() + " memory limit").matches("[0-9]+[mg]");
        });
        Deployment deployment = read(Path.of("k8s/base/deployment.yaml"), Deployment.class);
        assertThat(JvmOptionsTest.bytes(gateway.path("deploy").path("resources").path("limits").path("memory").asText()))
                .as("the gateway's limit, as in k8s/base/deployment.yaml").isEqualTo(JvmOptionsTest.bytes(deployment
                        .getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
                        .get("memory").toString()));
    }

    @Test
    void gatewayVariablesAreConfigurationKeysAndAlwaysNameTheDatabase() {
        Map<String, String> known = ApplicationSettings.knownEnvironmentVariables();

        assertThat(names(gateway.path("environment"))).allSatisfy(name -> assertThat(known.get(name))
                .as("compose.yaml sets %s, which is no run-time configuration key of the application", name)
                .isIn(ApplicationSettings.RUN_TIME, ApplicationSettings.GATEWAY));
        assertThat(names(gateway.path("environment"))).contains("QUARKUS_DATASOURCE_REACTIVE_URL",
                "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
    }

    @Test
    void secretsComeFromTheEnvironmentFileAndTheExampleHoldsNoValues() throws IOException {
        Set<String> referenced = new LinkedHashSet<>();
        interpolated(compose, referenced);
        compose.path("services").forEach(service -> service.path("environment").fields().forEachRemaining(e -> {
            if (e.getKey().matches(".*(PASSWORD|TOKEN|KEY|SECRET).*")) {
                assertThat(e.getValue().asText()).as(e.getKey()).matches(INTERPOLATION.pattern());
            }
        }));

        List<String> example = Files.readAllLines(DEPLOY.resolve(".env.example")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();
        List<String> defined = new ArrayList<>();
        for (String line : example) {
            String name = line.substring(0, line.indexOf('='));
            String value = line.substring(line.indexOf('=') + 1);
            defined.add(name);
            if (!name.equals("COMPOSE_PROJECT_NAME")) {
                assertThat(value).as(name + " in .env.example").isEmpty();
            }
        }
        assertThat(defined).containsAll(referenced);
        assertThat(Files.readString(DEPLOY.resolve(".gitignore")).lines()).contains(".env");
    }

    @Test
    void gatewayHealthCheckAsksReadinessOnTheManagementPort() {
        String command = String.join(" ", texts(gateway.path("healthcheck").path("test")));

        assertThat(command).contains("/dev/tcp/127.0.0.1/" + APP.managementPort())
                .contains("GET " + APP.readinessPath() + " ")
                .contains("' 200 '");
        // The public port on every interface, the management port only on the host's loopback.
        assertThat(texts(gateway.path("ports"))).containsExactlyInAnyOrder(APP.httpPort() + ":" + APP.httpPort(),
                "127.0.0.1:" + APP.managementPort() + ":" + APP.managementPort());
    }

    @Test
    void prometheusScrapesTheGatewaysMetricsEndpoint() {
        JsonNode prometheus = read(DEPLOY.resolve("prometheus.yml"));
        JsonNode job = null;
        for (JsonNode candidate : prometheus.path("scrape_configs")) {
            if (candidate.path("job_name").asText().equals("license-gateway")) {
                job = candidate;
            }
        }

        assertThat(job).as("a license-gateway scrape job").isNotNull();
        assertThat(job.path("metrics_path").asText()).isEqualTo(APP.metricsPath());
        assertThat(texts(job.path("static_configs").get(0).path("targets")))
                .containsExactly("gateway:" + APP.managementPort());
        assertThat(texts(compose.path("services").path("prometheus").path("volumes")))
                .contains("./prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    private static void interpolated(JsonNode node, Set<String> variables) {
        if (node.isTextual()) {
            Matcher matcher = INTERPOLATION.matcher(node.asText());
            while (matcher.find()) {
                variables.add(matcher.group(1));
            }
        }
        node.forEach(child -> interpolated(child, variables));
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return new YAMLMapper().readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid YAML", e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid YAML", e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
