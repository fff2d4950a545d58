package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/jvm.options is the one place the gateway's JVM flags are written: the image's ENTRYPOINT reads it, so
 * every Kubernetes pod and compose container runs with it (none overrides the command or slips flags in through
 * the environment), the benchmark harness starts the gateway with it, and each memory limit covers what it
 * allows the JVM to take.
 */
class JvmOptionsTest {

    static final Path OPTIONS = Path.of("deploy/jvm.options");
    /** Native memory outside the capped pools: symbols, shared class archive, GC, compiler arenas, libraries. */
    private static final long UNCAPPED_NATIVE = 128L << 20;
    private static final Set<String> JVM_ENVIRONMENT = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS",
            "JAVA_OPTS_APPEND", "_JAVA_OPTIONS");

    private final List<String> flags = flags();

    @Test
    void sizesHeapAndEveryOffHeapPoolExplicitly() {
        assertThat(flags).filteredOn(f -> f.matches("-XX:\\+Use(Serial|Parallel|G1|Z|Shenandoah)GC")).hasSize(1);
        assertThat(flags).anyMatch(f -> f.startsWith("-Xms")).anyMatch(f -> f.startsWith("-Xmx"))
                .anyMatch(f -> f.startsWith("-Xss"))
                .anyMatch(f -> f.startsWith("-XX:MaxMetaspaceSize="))
                .anyMatch(f -> f.startsWith("-XX:ReservedCodeCacheSize="))
                .anyMatch(f -> f.startsWith("-XX:MaxDirectMemorySize="))
                .contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(flags).as("no heap derived from whatever memory the host or container reports")
                .noneMatch(f -> f.contains("RAMPercentage") || f.startsWith("-XX:MaxRAM="));
        assertThat(bytes(value("-Xms"))).isLessThanOrEqualTo(bytes(value("-Xmx")));
    }

    @Test
    void theImageRunsTheJarWithTheFile() throws IOException {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile")).replaceAll("\\\\\\n\\s*", "");

        assertThat(dockerfile).contains("WORKDIR /deployments").contains("COPY " + OPTIONS + " jvm.options")
                .contains("ENTRYPOINT [\"java\", \"@/deployments/jvm.options\", \"-jar\", \"/deployments/quarkus-run.jar\"]");
        assertThat(dockerfile.lines().filter(line -> line.startsWith("ENV ")))
                .noneMatch(line -> JVM_ENVIRONMENT.stream().anyMatch(line::contains));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void everyPodOfTheImageKeepsItsEntrypointWithinAMemoryLimitThatCoversTheFlags(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);

        GatewayWorkloads.podTemplates(objects).forEach((name, template) -> {
            Container container = GatewayWorkloads.onlyContainer(template);
            assertThat(container.getCommand()).as(name + " command").isNullOrEmpty();
            assertThat(container.getArgs()).as(name + " args").isNullOrEmpty();
            assertThat(GatewayWorkloads.environment(container, objects).keySet()).as(name + " environment")
                    .doesNotContainAnyElementsOf(JVM_ENVIRONMENT);
            Quantity limit = container.getResources().getLimits().get("memory");
            assertThat(Quantity.getAmountInBytes(limit).longValueExact()).as(name + " memory limit")
                    .isGreaterThanOrEqualTo(budget());
        });
    }

    @Test
    void composeKeepsTheEntrypointWithinAMemoryLimitThatCoversTheFlags() throws IOException {
        JsonNode gateway = new YAMLMapper().readTree(Path.of("deploy/compose.yaml").toFile())
                .path("services").path("gateway");

        assertThat(gateway.has("entrypoint")).isFalse();
        assertThat(gateway.has("command")).isFalse();
        gateway.path("environment").fieldNames().forEachRemaining(name -> assertThat(JVM_ENVIRONMENT).doesNotContain(name));
        assertThat(bytes(gateway.path("deploy").path("resources").path("limits").path("memory").asText()))
                .isGreaterThanOrEqualTo(budget());
    }

    @Test
    void theImageCapsMallocArenasAndTheHarnessTakesTheCapFromIt() throws IOException {
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        String script = Files.readString(Path.of("load-tests/lib/gateway.sh"));

        assertThat(dockerfile.lines().filter(line -> line.startsWith("ENV MALLOC_ARENA_MAX="))).containsExactly("ENV MALLOC_ARENA_MAX=2");
        assertThat(script).contains("GATEWAY_MALLOC_ARENA_MAX=$(sed -n 's/^ENV MALLOC_ARENA_MAX=//p' \"$ROOT/deploy/Dockerfile\")")
                .contains("MALLOC_ARENA_MAX=\"$GATEWAY_MALLOC_ARENA_MAX\"");
    }

    @Test
    void harnessStartsTheGatewayWithTheFileAndAddsNothingByDefault() throws IOException {
        String script = Files.readString(Path.of("load-tests/lib/gateway.sh"));

        assertThat(script).contains("GATEWAY_JVM_OPTIONS=$ROOT/" + OPTIONS + "\n")
                .contains("GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}\n")
                .contains("java @\"$GATEWAY_JVM_OPTIONS\" $GATEWAY_JAVA_OPTS -jar ");
        assertThat(script.lines().filter(line -> line.contains("java ") && line.contains("-jar ")).toList()).hasSize(1);
    }

    /** The most the JVM may take with these flags: heap, capped native pools and the rest measured around them. */
    private long budget() {
        return bytes(value("-Xmx")) + bytes(value("-XX:MaxMetaspaceSize=")) + bytes(value("-XX:ReservedCodeCacheSize="))
                + bytes(value("-XX:MaxDirectMemorySize=")) + UNCAPPED_NATIVE;
    }

    private String value(String prefix) {
        Optional<String> flag = flags.stream().filter(f -> f.startsWith(prefix)).reduce((first, last) -> last);
        return flag.orElseThrow(() -> new AssertionError(OPTIONS + " has no " + prefix)).substring(prefix.length());
    }

    static List<String> flags() {
        try {
            return Files.readAllLines(OPTIONS).stream()
                    .map(line -> line.replaceAll("#.*", "").trim())
                    .filter(line -> !line.isEmpty())
                    .flatMap(line -> Arrays.stream(line.split("\\s+")))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A JVM size (128m, 512k, 1g) or a compose/Kubernetes one (512m, 2g, 512Mi) in bytes. */
    static long bytes(String size) {
        String s = size.toLowerCase(Locale.ROOT).replace("i", "");
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        return Long.parseLong(digits) * unit;
    }
}
