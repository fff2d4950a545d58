package dev.licensegateway.runmode;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Log lines written before Quarkus starts, when its logging is not set up yet (a JBoss Logger would print
 * nothing): one line each on standard error, in the shape of Quarkus' console lines.
 */
final class StartupLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private StartupLog() {
    }

    static void info(String message) {
        line("INFO ", message);
    }

    static void warn(String message) {
        line("WARN ", message);
    }

    static void error(String message) {
        line("ERROR", message);
    }

    private static void line(String level, String message) {
        System.err.println(LocalDateTime.now().format(TIME) + " " + level + " [dev.licensegateway.runmode] (main) "
                + message.replace('\n', ' '));
        System.err.flush();
    }
}
