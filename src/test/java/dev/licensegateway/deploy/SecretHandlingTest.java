package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No secret value is committed: Secrets are referenced by name and created outside the repository. */
class SecretHandlingTest {

    private static final Pattern SECRET_LOOKING = Pattern.compile("(?i).*(password|passwd|secret|token|key|credential).*");
    /** Keys that merely name something secret-like and carry no secret themselves. */
    private static final List<String> NOT_SECRET = List.of("GATEWAY_REQUEST_MAX_BODY_SIZE",
            "GATEWAY_CREDENTIAL_CACHE_LISTEN_URL");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void renderedOutputContainsNoSecretObjects(String overlay) {
        assertThat(Kustomize.ofKind(Kustomize.render(overlay), Secret.class))
                .as("Secrets are created by the operator or by CloudNativePG, never rendered from the repository")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void secretLookingVariablesComeFromSecretsNeverFromLiteralsOrConfigMaps(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);

        for (Map.Entry<String, Container> container : containers(objects)) {
            for (EnvVar variable : container.getValue().getEnv()) {
                if (!SECRET_LOOKING.matcher(variable.getName()).matches() || NOT_SECRET.contains(variable.getName())) {
                    continue;
                }
                assertThat(variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef())
                        .as("%s sets %s from a literal or a ConfigMap", container.getKey(), variable.getName())
                        .isNotNull();
            }
        }
        for (ConfigMap map : Kustomize.ofKind(objects, ConfigMap.class)) {
            assertThat(map.getData().keySet()).as("ConfigMap " + map.getMetadata().getName())
                    .allSatisfy(key -> assertThat(SECRET_LOOKING.matcher(key).matches() && !NOT_SECRET.contains(key))
                            .as(key).isFalse());
            assertThat(map.getData().values()).as("no credentials inside a URL")
                    .noneMatch(value -> value.matches("(?i).*://[^/@\\s]+:[^/@\\s]+@.*")
                            || value.matches("(?i).*[?&]password=.*"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void everyReferencedSecretIsGeneratedByCloudNativePgOrItsCreationIsDocumented(String overlay)
            throws IOException {
        List<HasMetadata> objects = Kustomize.render(overlay);
        String readme = Files.readString(Kustomize.K8S.resolve("README.md"));
        List<String> generated = Kustomize.ofKind(objects, GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("Cluster"))
                .map(cluster -> cluster.getMetadata().getName() + "-app")
                .toList();

        for (Map.Entry<String, Container> container : containers(objects)) {
            for (EnvVar variable : container.getValue().getEnv()) {
                if (variable.getValueFrom() == null || variable.getValueFrom().getSecretKeyRef() == null) {
                    continue;
                }
                var ref = variable.getValueFrom().getSecretKeyRef();
                if (generated.contains(ref.getName())) {
                    assertThat(ref.getKey()).as("keys of CloudNativePG's basic-auth Secret")
                            .isIn("username", "password");
                    continue;
                }
                assertThat(readme).as("k8s/README.md shows how to create Secret %s with key %s", ref.getName(),
                        ref.getKey())
                        .contains("secret generic " + ref.getName())
                        .contains("--from-literal=" + ref.getKey() + "=");
            }
        }
    }

    private static List<Map.Entry<String, Container>> containers(List<HasMetadata> objects) {
        List<Map.Entry<String, Container>> all = new ArrayList<>();
        for (Map.Entry<String, PodTemplateSpec> pod : GatewayWorkloads.podTemplates(objects).entrySet()) {
            pod.getValue().getSpec().getContainers().forEach(c -> all.add(Map.entry(pod.getKey(), c)));
        }
        for (StatefulSet set : Kustomize.ofKind(objects, StatefulSet.class)) {
            set.getSpec().getTemplate().getSpec().getContainers()
                    .forEach(c -> all.add(Map.entry("StatefulSet/" + set.getMetadata().getName(), c)));
        }
        return all;
    }
}
