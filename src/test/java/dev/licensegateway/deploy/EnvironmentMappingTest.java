package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every environment variable the manifests give the gateway is a configuration key the application reads at
 * startup: a run-time key of a Quarkus extension on the classpath, or a key of GatewayConfig. A misspelt or
 * build-time key would otherwise be ignored without a word.
 */
class EnvironmentMappingTest {

    private static final Map<String, String> KNOWN = ApplicationSettings.knownEnvironmentVariables();

    @Test
    void knownKeysComeFromTheApplicationNotFromAList() {
        assertThat(KNOWN)
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", ApplicationSettings.RUN_TIME)
                .containsEntry("QUARKUS_FLYWAY_MIGRATE_AT_START", ApplicationSettings.RUN_TIME)
                .containsEntry("GATEWAY_SECRETS_ENCRYPTION_KEY", ApplicationSettings.GATEWAY)
                .containsEntry("GATEWAY_REQUEST_MAX_BODY_SIZE", ApplicationSettings.GATEWAY)
                .doesNotContainKey("GATEWAY_SECRETS");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void everyVariableSetOnGatewayPodsIsAConfigurationKeyTheApplicationReads(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);

        for (Map.Entry<String, PodTemplateSpec> pod : GatewayWorkloads.podTemplates(objects).entrySet()) {
            var env = GatewayWorkloads.environment(GatewayWorkloads.onlyContainer(pod.getValue()), objects);
            assertThat(env.keySet()).as(pod.getKey()).allSatisfy(name -> assertThat(KNOWN.get(name))
                    .as("%s sets %s, which is no run-time configuration key of the application "
                            + "(unknown, or fixed at build time)", pod.getKey(), name)
                    .isIn(ApplicationSettings.RUN_TIME, ApplicationSettings.GATEWAY));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void gatewayPodsAlwaysNameTheirDatabaseSoTheEmbeddedDemoDatabaseNeverStarts(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);

        for (Map.Entry<String, PodTemplateSpec> pod : GatewayWorkloads.podTemplates(objects).entrySet()) {
            var env = GatewayWorkloads.environment(GatewayWorkloads.onlyContainer(pod.getValue()), objects);
            assertThat(env).as(pod.getKey()).containsKeys(
                    "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                    "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
            assertThat(env.get("QUARKUS_DATASOURCE_REACTIVE_URL").literal()).startsWith("postgresql://");
            assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").literal()).startsWith("jdbc:postgresql://");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void apiPodsNeverMigrateAndTheJobMigratesThenExits(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);
        var api = GatewayWorkloads.environment(
                GatewayWorkloads.onlyContainer(GatewayWorkloads.deployment(objects).getSpec().getTemplate()), objects);
        var job = GatewayWorkloads.environment(
                GatewayWorkloads.onlyContainer(GatewayWorkloads.migrationJob(objects).getSpec().getTemplate()), objects);

        assertThat(api.get("QUARKUS_FLYWAY_MIGRATE_AT_START").literal()).isEqualTo("false");
        assertThat(api).doesNotContainKey("QUARKUS_INIT_AND_EXIT");
        assertThat(job.get("QUARKUS_FLYWAY_MIGRATE_AT_START").literal()).isEqualTo("true");
        assertThat(job.get("QUARKUS_INIT_AND_EXIT").literal()).isEqualTo("true");
        assertThat(GatewayWorkloads.migrationJob(objects).getSpec().getTemplate().getSpec().getRestartPolicy())
                .isEqualTo("Never");
        assertThat(GatewayWorkloads.onlyContainer(GatewayWorkloads.migrationJob(objects).getSpec().getTemplate())
                .getImage()).isEqualTo(GatewayWorkloads.onlyContainer(
                        GatewayWorkloads.deployment(objects).getSpec().getTemplate()).getImage());
    }
}
