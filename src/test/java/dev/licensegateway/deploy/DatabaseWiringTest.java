package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each overlay's datasource URLs and credentials lead to the database that overlay creates. */
class DatabaseWiringTest {

    @Test
    void devPointsBothDatasourcesAtItsSinglePostgres17() {
        List<HasMetadata> objects = Kustomize.render("dev");
        StatefulSet postgres = Kustomize.ofKind(objects, StatefulSet.class).get(0);
        Service service = Kustomize.named(objects, Service.class, postgres.getSpec().getServiceName());
        var env = apiEnvironment(objects);

        assertThat(postgres.getSpec().getReplicas()).isEqualTo(1);
        assertThat(GatewayWorkloads.onlyContainer(postgres.getSpec().getTemplate()).getImage()).startsWith("postgres:17");
        assertThat(postgres.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(host(env.get("QUARKUS_DATASOURCE_REACTIVE_URL").literal()))
                .isEqualTo(service.getMetadata().getName());
        assertThat(host(env.get("QUARKUS_DATASOURCE_JDBC_URL").literal().substring("jdbc:".length())))
                .isEqualTo(service.getMetadata().getName());
        assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD").secretName())
                .as("the gateway and PostgreSQL read one Secret")
                .isEqualTo(GatewayWorkloads.onlyContainer(postgres.getSpec().getTemplate()).getEnv().stream()
                        .filter(v -> v.getName().equals("POSTGRES_PASSWORD")).findFirst().orElseThrow()
                        .getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void prodRunsAThreeInstanceCloudNativePgClusterOfPostgres17() {
        GenericKubernetesResource cluster = Kustomize.customResource(Kustomize.render("prod"), "Cluster");

        assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat((Integer) cluster.get("spec", "instances")).isEqualTo(3);
        assertThat((String) cluster.get("spec", "imageName")).contains("/postgresql:17");
        assertThat((String) cluster.get("spec", "bootstrap", "initdb", "database")).isEqualTo("gateway");
    }

    @Test
    void prodPoolerIsTransactionModeAndKeepsPreparedStatementsWorking() {
        List<HasMetadata> objects = Kustomize.render("prod");
        GenericKubernetesResource cluster = Kustomize.customResource(objects, "Cluster");
        GenericKubernetesResource pooler = Kustomize.customResource(objects, "Pooler");

        assertThat((String) pooler.get("spec", "cluster", "name")).isEqualTo(cluster.getMetadata().getName());
        assertThat(pooler.getMetadata().getName()).isNotEqualTo(cluster.getMetadata().getName());
        assertThat((String) pooler.get("spec", "type")).isEqualTo("rw");
        assertThat((String) pooler.get("spec", "pgbouncer", "poolMode")).isEqualTo("transaction");
        Map<String, Object> parameters = pooler.get("spec", "pgbouncer", "parameters");
        // The reactive client caches prepared statements; PgBouncer >= 1.21 carries them across server
        // connections only when this is above zero.
        assertThat(Integer.parseInt((String) parameters.get("max_prepared_statements"))).isPositive();
    }

    @Test
    void prodSendsRequestsThroughThePoolerAndFlywayStraightToThePrimary() {
        List<HasMetadata> objects = Kustomize.render("prod");
        GenericKubernetesResource cluster = Kustomize.customResource(objects, "Cluster");
        GenericKubernetesResource pooler = Kustomize.customResource(objects, "Pooler");
        var env = apiEnvironment(objects);

        // CloudNativePG names the pooler's Service after the Pooler and the primary's Service <cluster>-rw.
        assertThat(host(env.get("QUARKUS_DATASOURCE_REACTIVE_URL").literal()))
                .isEqualTo(pooler.getMetadata().getName());
        assertThat(host(env.get("QUARKUS_DATASOURCE_JDBC_URL").literal().substring("jdbc:".length())))
                .as("Flyway's session-level advisory lock needs a session: not through transaction pooling")
                .isEqualTo(cluster.getMetadata().getName() + "-rw");
        assertThat(env.get("QUARKUS_DATASOURCE_USERNAME").secretName())
                .as("the application Secret CloudNativePG generates")
                .isEqualTo(cluster.getMetadata().getName() + "-app");
        assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD").secretName())
                .isEqualTo(cluster.getMetadata().getName() + "-app");
        assertThat(path(env.get("QUARKUS_DATASOURCE_REACTIVE_URL").literal()))
                .isEqualTo("/" + cluster.get("spec", "bootstrap", "initdb", "database"));
    }

    private static Map<String, GatewayWorkloads.Source> apiEnvironment(List<HasMetadata> objects) {
        return GatewayWorkloads.environment(
                GatewayWorkloads.onlyContainer(GatewayWorkloads.deployment(objects).getSpec().getTemplate()), objects);
    }

    private static String host(String url) {
        return URI.create(url).getHost();
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }
}
