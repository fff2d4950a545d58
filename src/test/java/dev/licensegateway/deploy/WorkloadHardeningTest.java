package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pod the overlays run is non-root on a read-only root filesystem, with resources bounded. */
class WorkloadHardeningTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void everyPodRunsAsNonRootOnAReadOnlyRootFilesystemWithWritableTmp(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);

        for (Map.Entry<String, PodTemplateSpec> pod : allPodTemplates(objects)) {
            PodSpec spec = pod.getValue().getSpec();
            assertThat(spec.getSecurityContext().getRunAsNonRoot()).as(pod.getKey() + " runAsNonRoot").isTrue();
            assertThat(spec.getSecurityContext().getRunAsUser()).as(pod.getKey() + " uid").isPositive();
            assertThat(spec.getAutomountServiceAccountToken()).as(pod.getKey() + " needs no API token").isFalse();
            for (Container container : spec.getContainers()) {
                String where = pod.getKey() + " container " + container.getName();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(where).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(where).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(where).contains("ALL");
                assertThat(container.getVolumeMounts()).as(where + " mounts /tmp")
                        .anySatisfy(mount -> {
                            assertThat(mount.getMountPath()).isEqualTo("/tmp");
                            assertThat(volume(spec, mount.getName()).getEmptyDir()).isNotNull();
                        });
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void everyContainerRequestsAndLimitsCpuAndMemory(String overlay) {
        for (Map.Entry<String, PodTemplateSpec> pod : allPodTemplates(Kustomize.render(overlay))) {
            for (Container container : pod.getValue().getSpec().getContainers()) {
                String where = pod.getKey() + " container " + container.getName();
                assertThat(container.getResources().getRequests()).as(where).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(where).containsKeys("cpu", "memory");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void apiPodsSpreadAcrossZonesAndNodes(String overlay) {
        PodSpec spec = GatewayWorkloads.deployment(Kustomize.render(overlay)).getSpec().getTemplate().getSpec();

        assertThat(spec.getTopologySpreadConstraints())
                .extracting(c -> c.getTopologyKey())
                .containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    }

    private static List<Map.Entry<String, PodTemplateSpec>> allPodTemplates(List<HasMetadata> objects) {
        List<Map.Entry<String, PodTemplateSpec>> pods = new ArrayList<>(GatewayWorkloads.podTemplates(objects).entrySet());
        for (StatefulSet set : Kustomize.ofKind(objects, StatefulSet.class)) {
            pods.add(Map.entry("StatefulSet/" + set.getMetadata().getName(), set.getSpec().getTemplate()));
        }
        return pods;
    }

    private static Volume volume(PodSpec spec, String name) {
        return spec.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
