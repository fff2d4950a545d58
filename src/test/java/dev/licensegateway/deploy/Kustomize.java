package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders a k8s/ overlay the way an operator would ({@code kubectl kustomize}, or a standalone
 * {@code kustomize build}) and reads the result into fabric8's typed models; custom resources such as
 * CloudNativePG's come back as {@code GenericKubernetesResource}.
 */
final class Kustomize {

    static final Path K8S = Paths.get("k8s");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The overlay's objects; the calling test is skipped, saying why, where no renderer is installed. */
    static List<HasMetadata> render(String overlay) {
        List<String> command = command(K8S.resolve("overlays").resolve(overlay));
        return RENDERED.computeIfAbsent(overlay, name -> parse(run(command)));
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        return ofKind(objects, type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name
                        + " in the rendered overlay"));
    }

    /** The one custom resource of {@code kind} (a CloudNativePG Cluster or Pooler) in the rendered objects. */
    static GenericKubernetesResource customResource(List<HasMetadata> objects, String kind) {
        List<GenericKubernetesResource> found = ofKind(objects, GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals(kind))
                .toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static List<String> command(Path overlay) {
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            return List.of(kubectl.get().toString(), "kustomize", overlay.toString());
        }
        Optional<Path> kustomize = onPath("kustomize");
        Assumptions.assumeTrue(kustomize.isPresent(),
                "kubectl not found: neither kubectl nor kustomize is on the PATH, so the k8s/ overlays cannot be "
                        + "rendered here; install kubectl to run these checks");
        return List.of(kustomize.get().toString(), "build", overlay.toString());
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .map(dir -> Paths.get(dir, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String run(List<String> command) {
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            String errors = Files.readString(stderr);
            Files.deleteIfExists(stderr);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + ":\n" + errors);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering", e);
        }
    }

    private static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<HasMetadata> documents = YAML.readerFor(HasMetadata.class).readValues(yaml)) {
            while (documents.hasNext()) {
                objects.add(documents.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered output is not a list of Kubernetes objects", e);
        }
        return List.copyOf(objects);
    }

    static Stream<String> overlays() {
        return OVERLAYS.stream();
    }
}
