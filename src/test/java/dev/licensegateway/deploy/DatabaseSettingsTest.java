package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One list of PostgreSQL server settings, k8s/overlays/prod/postgresql.conf, is what the gateway's database runs
 * with in production (the CloudNativePG Cluster), in deploy/compose.yaml and in the benchmark harness: none of
 * the three may carry a setting of its own that the file also names, or leave the file out.
 */
class DatabaseSettingsTest {

    static final Path SETTINGS = Path.of("k8s/overlays/prod/postgresql.conf");
    private static final Path HARNESS = Path.of("load-tests/lib/postgres.sh");
    private static final Pattern LINE = Pattern.compile("([a-z_]+)=([^\\s'\"#=]+)");
    /** What CloudNativePG sets itself and refuses or overrides from spec.postgresql.parameters (a subset). */
    private static final Set<String> CNPG_OWN = Set.of("listen_addresses", "port", "unix_socket_directories",
            "logging_collector", "log_destination", "log_directory", "log_filename", "archive_mode",
            "archive_command", "hot_standby", "shared_preload_libraries", "synchronous_standby_names", "ssl",
            "full_page_writes", "wal_level", "dynamic_shared_memory_type", "huge_pages", "config_file", "hba_file",
            "data_directory", "restart_after_crash", "cluster_name");
    /** What the harness's throw-away server may add: where it listens, its socket, its log. */
    private static final Set<String> HARNESS_OWN = Set.of("listen_addresses", "port", "unix_socket_directories",
            "logging_collector");

    @Test
    void theFileIsReadTheSameByPostgresqlAndByKustomizeAndKeepsCommitsDurable() throws IOException {
        List<String> lines = Files.readAllLines(SETTINGS).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();

        // kustomize reads it as an env file: the key is everything before '=', the value everything after,
        // quotes and trailing comments included. Bare name=value lines mean the same to both.
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).matches(LINE.pattern()));
        Map<String, String> settings = settings();
        assertThat(settings).hasSize(lines.size()).containsEntry("fsync", "on").containsEntry("synchronous_commit", "on");
        assertThat(settings.keySet()).as("parameters CloudNativePG owns").doesNotContainAnyElementsOf(CNPG_OWN);
    }

    @Test
    void prodClusterRunsWithExactlyTheSettingsOfTheFile() {
        GenericKubernetesResource cluster = Kustomize.customResource(Kustomize.render("prod"), "Cluster");
        Map<String, Object> parameters = cluster.get("spec", "postgresql", "parameters");

        assertThat(parameters).isEqualTo(new LinkedHashMap<String, Object>(settings()));
    }

    @Test
    void prodMaxConnectionsCoversThePoolerAndEveryReplicasDirectSessions() throws IOException {
        List<HasMetadata> objects = Kustomize.render("prod");
        GenericKubernetesResource pooler = Kustomize.customResource(objects, "Pooler");
        int poolerPods = pooler.get("spec", "instances");
        int poolSize = Integer.parseInt(pooler.get("spec", "pgbouncer", "parameters", "default_pool_size"));
        int replicas = Kustomize.ofKind(objects, HorizontalPodAutoscaler.class).get(0).getSpec().getMaxReplicas();
        Properties application = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            application.load(reader);
        }
        // Per gateway pod straight to the primary: Flyway's JDBC pool and the credential cache's LISTEN session.
        int direct = Integer.parseInt(application.getProperty("quarkus.datasource.jdbc.max-size")) + 1;
        int superuserReserved = 3;

        assertThat(Integer.parseInt(settings().get("max_connections")))
                .isGreaterThanOrEqualTo(poolerPods * poolSize + replicas * direct + superuserReserved);
    }

    @Test
    void composeRunsPostgresWithTheFileAsItsWholeConfiguration() throws IOException {
        JsonNode compose = new YAMLMapper().readTree(Path.of("deploy/compose.yaml").toFile());
        JsonNode postgres = compose.path("services").path("postgres");
        String mount = texts(postgres.path("volumes")).stream()
                .filter(volume -> volume.startsWith("../" + SETTINGS + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("compose.yaml does not mount " + SETTINGS + " into postgres"));
        String target = mount.split(":")[1];
        List<String> command = texts(postgres.path("command"));

        assertThat(mount).endsWith(":ro");
        assertThat(command).first().isEqualTo("postgres");
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < command.size(); i += 2) {
            assertThat(command.get(i)).isEqualTo("-c");
            String[] flag = command.get(i + 1).split("=", 2);
            flags.put(flag[0], flag[1]);
        }
        assertThat(flags).containsEntry("config_file", target);
        assertThat(flags.keySet()).as("compose's own flags").containsOnly("config_file", "listen_addresses")
                .doesNotContainAnyElementsOf(settings().keySet());
        // The machine class the file is sized for: the Cluster's memory limit (2Gi) is compose's 2g.
        assertThat(postgres.path("deploy").path("resources").path("limits").path("memory").asText()).isEqualTo("2g");
    }

    @Test
    void harnessIncludesTheFileAndAddsOnlyWhereItListensAndLogs() throws IOException {
        String script = Files.readString(HARNESS);
        Matcher location = Pattern.compile("(?m)^PG_SETTINGS=\\$ROOT/(\\S+)$").matcher(script);
        Matcher block = Pattern.compile("(?s)cat >>\"\\$PG_DATA/postgresql.conf\" <<CONF\\n(.*?)\\nCONF\\n")
                .matcher(script);

        assertThat(location.find()).as("PG_SETTINGS in " + HARNESS).isTrue();
        assertThat(location.group(1)).isEqualTo(SETTINGS.toString());
        assertThat(block.find()).as("the settings block appended to the harness's postgresql.conf").isTrue();
        assertThat(block.find()).as("a second block appended").isFalse();
        block.reset().find();
        List<String> lines = block.group(1).lines().toList();
        assertThat(lines.get(0)).isEqualTo("include '$PG_SETTINGS'");
        List<String> own = lines.subList(1, lines.size()).stream().map(line -> line.split("=")[0].trim()).toList();
        assertThat(own).as("the harness's own settings").containsOnlyElementsOf(HARNESS_OWN)
                .doesNotContainAnyElementsOf(settings().keySet());
        assertThat(script).as("no other way of passing server settings")
                .doesNotContain(" -o ").doesNotContain("PGOPTIONS").doesNotContainIgnoringCase("ALTER SYSTEM");
    }

    static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(SETTINGS)) {
                Matcher matcher = LINE.matcher(line);
                if (matcher.matches()) {
                    assertThat(settings.put(matcher.group(1), matcher.group(2))).as(matcher.group(1) + " twice")
                            .isNull();
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return settings;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
