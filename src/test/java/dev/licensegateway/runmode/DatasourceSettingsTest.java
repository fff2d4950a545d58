package dev.licensegateway.runmode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's embedded database starts only when no configuration source names a datasource: each of the
 * sources an operator uses is asked the way Quarkus will ask it (SmallRye Config), not only the environment.
 * A configured database that does not answer is waited for and reported, never replaced.
 */
class DatasourceSettingsTest {

    @TempDir
    Path workingDirectory;

    @Test
    void aDatasourceInConfigApplicationPropertiesIsNoDemo() throws IOException {
        Files.createDirectories(workingDirectory.resolve("config"));
        Files.writeString(workingDirectory.resolve("config/application.properties"),
                "quarkus.datasource.reactive.url=postgresql://db.example:5432/gateway\n");
        assertThat(modeIn(workingDirectory, Map.of())).isEqualTo(DatasourceSettings.Mode.CONFIGURED);
    }

    @Test
    void aDatasourceInDotEnvOrAProfilePrefixedKeyOrAConfigLocationIsNoDemo() throws IOException {
        Files.writeString(workingDirectory.resolve(".env"), "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://db.example/gateway\n");
        assertThat(modeIn(workingDirectory, Map.of())).isEqualTo(DatasourceSettings.Mode.CONFIGURED);
        Files.delete(workingDirectory.resolve(".env"));

        assertThat(modeIn(workingDirectory, Map.of("%prod.quarkus.datasource.reactive.url", "postgresql://db.example/gateway")))
                .isEqualTo(DatasourceSettings.Mode.CONFIGURED);

        Path elsewhere = Files.writeString(workingDirectory.resolve("gateway.properties"),
                "quarkus.datasource.reactive.url=postgresql://db.example/gateway\n");
        assertThat(modeIn(workingDirectory, Map.of("quarkus.config.locations", elsewhere.toUri().toString())))
                .isEqualTo(DatasourceSettings.Mode.CONFIGURED);
    }

    @Test
    void credentialsWithoutAUrlAreAMistakeNotADemo() {
        assertThat(modeIn(workingDirectory, Map.of("quarkus.datasource.username", "gateway")))
                .isEqualTo(DatasourceSettings.Mode.INCOMPLETE);
    }

    @Test
    void nothingConfiguredAnywhereIsTheDemo() {
        assertThat(modeIn(workingDirectory, Map.of())).isEqualTo(DatasourceSettings.Mode.DEMO);
    }

    @Test
    void anUnreachableDatabaseIsRetriedAndReportedAndAReachableOneIsUsed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> reports = new ArrayList<>();
        DatabaseWait wait = new DatabaseWait(Duration.ofMillis(10), Duration.ofMillis(20), 3, reports::add);
        assertThat(wait.untilReachable("jdbc:postgresql://127.0.0.1:" + closedPort + "/gateway?password=secret",
                Optional.of("gateway"), Optional.of("secret"))).isFalse();
        assertThat(reports).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("127.0.0.1:" + closedPort + "/gateway", "not reachable", "never replaced")
                .doesNotContain("secret"));

        TestDatabase database = TestDatabase.get();
        Map<String, String> config = database.quarkusConfig();
        assertThat(new DatabaseWait(Duration.ofMillis(10), Duration.ofMillis(20), 3, reports::add)
                .untilReachable(database.jdbcUrl(), Optional.of(config.get("quarkus.datasource.username")),
                        Optional.of(config.get("quarkus.datasource.password")))).isTrue();
    }

    /** The mode as GatewayMain would read it with this working directory and these system properties. */
    private static DatasourceSettings.Mode modeIn(Path directory, Map<String, String> properties) {
        String userDir = System.getProperty("user.dir");
        System.setProperty("user.dir", directory.toString());
        properties.forEach(System::setProperty);
        try {
            return DatasourceSettings.read().mode();
        } finally {
            properties.keySet().forEach(System::clearProperty);
            System.setProperty("user.dir", userDir);
        }
    }
}
