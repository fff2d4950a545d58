package dev.licensegateway.runmode;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Before migrations run at start, waits for the configured database to accept connections, saying so once per
 * attempt, instead of failing start-up (or, worse, starting anything in its place). Authentication and
 * "no such database" are not waited for: they are mistakes that Quarkus then reports.
 */
final class DatabaseWait {

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final int maxAttempts;
    private final Consumer<String> report;

    DatabaseWait(Duration firstDelay, Duration maxDelay, int maxAttempts, Consumer<String> report) {
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
        this.report = report;
    }

    /** True once the database answers (or refuses us for a reason waiting cannot fix); false after maxAttempts. */
    boolean untilReachable(String jdbcUrl, Optional<String> user, Optional<String> password) {
        Properties properties = new Properties();
        user.ifPresent(value -> properties.setProperty("user", value));
        password.ifPresent(value -> properties.setProperty("password", value));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        Duration delay = firstDelay;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try (Connection ignored = new org.postgresql.Driver().connect(jdbcUrl, properties)) {
                if (attempt > 1) {
                    report.accept("database " + shown(jdbcUrl) + " reachable after " + attempt + " attempts");
                }
                return true;
            } catch (SQLException e) {
                if (notAboutReachability(e)) {
                    return true;
                }
                report.accept("database " + shown(jdbcUrl) + " not reachable (" + reason(e) + "); retrying in "
                        + delay.toMillis() / 1000.0 + " s (attempt " + attempt + "). The configured database is"
                        + " waited for, never replaced.");
            }
            if (attempt < maxAttempts) {
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
        return false;
    }

    /** Wrong password (28…), no such database (3D000): the server answered, so it is reachable. */
    private static boolean notAboutReachability(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("28") || state.equals("3D000"));
    }

    /** The URL without its query (which may carry a password). */
    static String shown(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    private static String reason(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int sentence = message.indexOf(". ");
        return sentence < 0 ? message : message.substring(0, sentence);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}
