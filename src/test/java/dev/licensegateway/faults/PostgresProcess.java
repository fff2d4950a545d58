package dev.licensegateway.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the harness's own, from Debian's server binaries ({@code /usr/lib/postgresql/N/bin},
 * or {@code -Dfaults.pg.bin}), in a temporary cluster on a free loopback port. As root it runs as the
 * {@code postgres} user through {@code runuser}, since PostgreSQL refuses root. Commits are durable
 * ({@code synchronous_commit=on}, {@code fsync=on}): an immediate stop must not lose an acknowledged write.
 */
final class PostgresProcess implements AutoCloseable {

    private static final String OS_USER = "postgres";

    private final Path bin;
    private final Path home;
    private final Path data;
    private final int port;
    private final boolean asRoot;
    private final List<String> settings = new ArrayList<>();

    private PostgresProcess(Path bin, Path home, int port) {
        this.bin = bin;
        this.home = home;
        this.data = home.resolve("data");
        this.port = port;
        this.asRoot = "root".equals(System.getProperty("user.name"));
    }

    /** A PostgreSQL server with extra {@code name=value} settings (e.g. {@code log_statement=all}). */
    static PostgresProcess start(Path bin, String... settings) throws IOException, InterruptedException {
        PostgresProcess pg = create(bin);
        pg.settings.addAll(List.of(settings));
        pg.ctl(Duration.ofSeconds(120), bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-sync");
        pg.startServer();
        return pg;
    }

    /**
     * A streaming standby of this server: {@code pg_basebackup -R} (standby.signal and primary_conninfo,
     * whose application_name is {@code walreceiver}) into a cluster of its own, started on its own port.
     */
    PostgresProcess standby(String... settings) throws IOException, InterruptedException {
        PostgresProcess standby = create(bin);
        standby.settings.addAll(List.of(settings));
        standby.ctl(Duration.ofSeconds(120), bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(port), "-U", "postgres", "-D", standby.data.toString(), "-R", "-X", "stream", "-c", "fast");
        standby.startServer();
        return standby;
    }

    /** {@code pg_ctl promote -w}: the standby leaves recovery and accepts writes. */
    void promote() throws IOException, InterruptedException {
        ctl(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "promote");
    }

    /**
     * SIGKILL to the postmaster and every process under it at the same instant: no shutdown, no checkpoint,
     * no last WAL sent. Waits until all are gone.
     */
    void kill() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IOException("no postmaster " + pid));
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Whether the server is a standby still in recovery. */
    boolean inRecovery() throws java.sql.SQLException {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(jdbcUrl(), "postgres", "");
             java.sql.ResultSet r = db.createStatement().executeQuery("SELECT pg_is_in_recovery()")) {
            return r.next() && r.getBoolean(1);
        }
    }

    private static PostgresProcess create(Path bin) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("lg-faults-pg-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        PostgresProcess pg = new PostgresProcess(bin, home, freePort());
        if (pg.asRoot) {
            run(List.of("chown", OS_USER, home.toString()), Duration.ofSeconds(10));
        }
        return pg;
    }

    /** The server binaries, or null when this machine has none. */
    /** The server binaries, or the test is skipped, saying how to get them. */
    static Path requireBinaries() {
        Path bin = findBinaries();
        org.junit.jupiter.api.Assumptions.assumeTrue(bin != null,
                "no PostgreSQL server binaries (apt-get install postgresql-15, or -Dfaults.pg.bin)");
        return bin;
    }

    static Path findBinaries() {
        String configured = System.getProperty("faults.pg.bin");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Creates the cluster and starts it. */
    static PostgresProcess start(Path bin) throws IOException, InterruptedException {
        return start(bin, new String[0]);
    }

    int port() {
        return port;
    }

    /** The server's log ({@code -l} of pg_ctl). */
    Path log() {
        return home.resolve("server.log");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts the server on its cluster (again, after a stop: crash recovery runs first). */
    void startServer() throws IOException, InterruptedException {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + home
                + " -c synchronous_commit=on -c fsync=on -c max_connections=200 -c shared_buffers=64MB";
        for (String setting : settings) {
            options += " -c " + setting;
        }
        ctl(Duration.ofSeconds(90), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                home.resolve("server.log").toString(), "-w", "-t", "60", "-o", options, "start");
    }

    /** {@code pg_ctl stop -m immediate}: every server process quits at once, no checkpoint, like a crash. */
    void stopImmediately() throws IOException, InterruptedException {
        ctl(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
    }

    @Override
    public void close() {
        try {
            ctl(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
        } catch (Exception ignored) {
            // Already stopped, or never started: the directory goes anyway.
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }

    private void ctl(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(List.of(command));
        run(full, timeout);
    }

    private static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // pg_ctl start leaves the server running with our pipe as its stdout unless -l is given; it is.
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + new String(output));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
