package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each overlay renders with kustomize into well-formed objects whose references to one another resolve. */
class OverlayRenderingTest {

    private static final String CNPG = "postgresql.cnpg.io/v1";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void overlayRendersIntoTypedKubernetesObjects(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);

        assertThat(objects).isNotEmpty();
        // A typo in apiVersion or kind would turn a built-in object into a generic one: only CRDs may be generic.
        assertThat(Kustomize.ofKind(objects, GenericKubernetesResource.class))
                .allSatisfy(o -> assertThat(o.getApiVersion()).as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo(CNPG));
        assertThat(Kustomize.ofKind(objects, Deployment.class)).hasSize(1);
        assertThat(Kustomize.ofKind(objects, Job.class)).hasSize(1);
        assertThat(Kustomize.ofKind(objects, HorizontalPodAutoscaler.class)).hasSize(1);
        assertThat(Kustomize.ofKind(objects, PodDisruptionBudget.class)).hasSize(1);
        assertThat(Kustomize.ofKind(objects, NetworkPolicy.class)).isNotEmpty();
        assertThat(Kustomize.ofKind(objects, ConfigMap.class)).hasSize(1);
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void serviceAutoscalerAndDisruptionBudgetTargetTheApiPodsOnly(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);
        Deployment deployment = GatewayWorkloads.deployment(objects);
        Map<String, String> apiPods = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> migrationPods = GatewayWorkloads.migrationJob(objects).getSpec().getTemplate()
                .getMetadata().getLabels();

        Service service = Kustomize.named(objects, Service.class, GatewayWorkloads.DEPLOYMENT);
        assertThat(apiPods).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(migrationPods).as("the Service must not route requests to the migration Job")
                .doesNotContainEntry("app.kubernetes.io/component", "api");
        assertThat(apiPods).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

        HorizontalPodAutoscaler hpa = Kustomize.ofKind(objects, HorizontalPodAutoscaler.class).get(0);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        assertThat(deployment.getSpec().getReplicas()).as("the autoscaler owns the replica count").isNull();

        PodDisruptionBudget pdb = Kustomize.ofKind(objects, PodDisruptionBudget.class).get(0);
        assertThat(apiPods).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void networkPoliciesCoverTheGatewayPods(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);
        Map<String, String> apiPods = GatewayWorkloads.deployment(objects).getSpec().getTemplate().getMetadata()
                .getLabels();
        Map<String, String> migrationPods = GatewayWorkloads.migrationJob(objects).getSpec().getTemplate()
                .getMetadata().getLabels();

        List<NetworkPolicy> forGateway = Kustomize.ofKind(objects, NetworkPolicy.class).stream()
                .filter(p -> apiPods.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                .toList();
        assertThat(forGateway).isNotEmpty();
        assertThat(forGateway).allSatisfy(p -> assertThat(migrationPods)
                .as("the migration Job needs the same database egress")
                .containsAllEntriesOf(p.getSpec().getPodSelector().getMatchLabels()));
        assertThat(forGateway).flatMap(p -> p.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
        assertThat(forGateway).flatMap(p -> p.getSpec().getEgress())
                .flatMap(rule -> rule.getPorts())
                .extracting(port -> port.getPort().getIntVal())
                .as("DNS and PostgreSQL").contains(53, 5432);
    }
}
