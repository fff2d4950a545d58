package dev.licensegateway.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) as a real process on loopback, with
 * its database reached through the harness's proxy. {@link #kill()} is SIGKILL: no shutdown hook, no
 * graceful drain, in-flight transactions cut wherever they are.
 */
final class GatewayProcess implements AutoCloseable {

    static final String ADMIN_TOKEN = "faults-admin-token";
    /** Base64 of 32 bytes: the test-only secrets key. */
    static final String ENCRYPTION_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private final Path jar;
    private final Path log;
    private final int port;
    private final int managementPort;
    private final int databasePort;
    private final Map<String, String> settings;
    private Process process;
    private int starts;

    GatewayProcess(Path jar, Path log, int databasePort) throws IOException {
        this(jar, log, databasePort, Map.of());
    }

    /**
     * {@code settings}: environment variables set after the defaults, e.g. a reactive URL through PgBouncer
     * with a direct listen URL ({@link #DIRECT_LISTEN}).
     */
    GatewayProcess(Path jar, Path log, int databasePort, Map<String, String> settings) throws IOException {
        this.jar = jar;
        this.log = log;
        this.port = PostgresProcess.freePort();
        this.managementPort = PostgresProcess.freePort();
        this.databasePort = databasePort;
        this.settings = Map.copyOf(settings);
    }

    /** The environment variable of {@code gateway.credential-cache.listen-url}. */
    static final String DIRECT_LISTEN = "GATEWAY_CREDENTIAL_CACHE_LISTEN_URL";

    static String reactiveUrl(int port) {
        return "postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The packaged gateway, or the test is skipped, saying how to build it. */
    static Path requirePackagedJar() {
        Path jar = packagedJar();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(jar), "no packaged gateway at " + jar + " (./mvnw package -DskipTests)");
        return jar;
    }

    static Path packagedJar() {
        return Path.of(System.getProperty("faults.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A path on the management interface (health, metrics, OpenAPI), which has its own port. */
    URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** Starts the process and waits until it is ready; returns how long that took. */
    Duration start() throws IOException, InterruptedException {
        long begin = System.nanoTime();
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBinary, "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", reactiveUrl(databasePort));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "unused-trust-auth");
        env.put("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("GATEWAY_SECRETS_ENCRYPTION_KEY", ENCRYPTION_KEY);
        env.put("GATEWAY_REQUEST_DEADLINE", System.getProperty("faults.deadline", "2S"));
        env.put("QUARKUS_LOG_CONSOLE_JSON", "false");
        env.putAll(settings);
        Files.writeString(log, "=== start " + (++starts) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        process = builder.start();
        // Generous: several gateways starting at once on a shared 2-core machine took 115 s here.
        int limit = Integer.getInteger("faults.start-timeout", 240);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limit);
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway was not ready within " + limit + " s; see " + log);
            }
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    /** {@code GET /q/health/ready} on the management port answers 200. */
    boolean ready() {
        try {
            HttpResponse<Void> response = PROBE.send(HttpRequest.newBuilder(managementUri("/q/health/ready"))
                    .timeout(Duration.ofMillis(800)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
