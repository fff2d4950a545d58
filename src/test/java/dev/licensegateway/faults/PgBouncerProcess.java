package dev.licensegateway.faults;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PgBouncer ({@code /usr/sbin/pgbouncer}, or {@code -Dfaults.pgbouncer}) in transaction mode in front
 * of one PostgreSQL, on a free loopback port, as the harness's own foreground process (stopped by its pid).
 * PgBouncer refuses to run as root, so as root it runs as {@code postgres} through {@code runuser}.
 * {@code ignore_startup_parameters=extra_float_digits}: the JDBC driver sends it and 1.18 refuses unknown ones.
 */
final class PgBouncerProcess implements AutoCloseable {

    private final Path home;
    private final int port;
    private final Process process;

    private PgBouncerProcess(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /** The binary, or null when this machine has none. */
    static Path findBinary() {
        Path binary = Path.of(System.getProperty("faults.pgbouncer", "/usr/sbin/pgbouncer"));
        return Files.isExecutable(binary) ? binary : null;
    }

    /** Starts PgBouncer with {@code poolSize} server connections and waits until it accepts connections. */
    static PgBouncerProcess start(Path binary, int databasePort, int poolSize) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("lg-faults-pgbouncer-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = PostgresProcess.freePort();
        Files.writeString(home.resolve("userlist.txt"), "\"postgres\" \"\"\n");
        Files.writeString(home.resolve("pgbouncer.ini"), String.join("\n",
                "[databases]",
                "postgres = host=127.0.0.1 port=" + databasePort + " dbname=postgres",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + home.resolve("userlist.txt"),
                "pool_mode = transaction",
                "default_pool_size = " + poolSize,
                "max_client_conn = 500",
                "server_reset_query =",
                "ignore_startup_parameters = extra_float_digits",
                "logfile = " + home.resolve("pgbouncer.log"),
                "pidfile =",
                "") + "\n");
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            new ProcessBuilder("chown", "-R", "postgres", home.toString()).start().waitFor(10, TimeUnit.SECONDS);
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(binary.toString(), home.resolve("pgbouncer.ini").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("stdout.log").toFile()).start();
        PgBouncerProcess bouncer = new PgBouncerProcess(home, port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!bouncer.accepting()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(home.resolve("stdout.log"));
                bouncer.close();
                throw new IOException("pgbouncer did not start: " + output);
            }
            Thread.sleep(50);
        }
        return bouncer;
    }

    int port() {
        return port;
    }

    private boolean accepting() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        // runuser forwards SIGTERM to PgBouncer, which then exits; its children, if any, go with it.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                all.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
