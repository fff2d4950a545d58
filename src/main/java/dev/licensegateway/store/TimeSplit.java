package dev.licensegateway.store;

/**
 * Where the time of one single-file deactivation went: marks set along its path (body read, verified, queued
 * for its license, transaction asked for, connection got, decision statement answered, committed) and the
 * decision core's own figures (its time in PostgreSQL and its wait for the license row lock). Read once the
 * request is answered, for the line a slow request leaves in the log. Each stage hands the request to the
 * next through a queue or a callback, so the marks need no locking.
 */
public final class TimeSplit {

    private static final long UNSET = -1;

    private final long start;
    private long bodyRead = UNSET;
    private long verified = UNSET;
    private long queued = UNSET;
    private long asked = UNSET;
    private long connected = UNSET;
    private long decided = UNSET;
    private long committed = UNSET;
    private long serverMicros = UNSET;
    private long lockWaitMicros = UNSET;

    public TimeSplit(long startNanos) {
        this.start = startNanos;
    }

    public void bodyRead() {
        bodyRead = System.nanoTime();
    }

    public void verified() {
        verified = System.nanoTime();
    }

    /** The file waits for its license's lane (a transaction of the license may be in flight). */
    public void queued() {
        queued = System.nanoTime();
    }

    void asked() {
        asked = System.nanoTime();
    }

    void connected() {
        connected = System.nanoTime();
    }

    void decided() {
        decided = System.nanoTime();
    }

    void committed() {
        committed = System.nanoTime();
    }

    void server(Long micros, Long lockWait) {
        serverMicros = micros == null ? UNSET : micros;
        lockWaitMicros = lockWait == null ? UNSET : lockWait;
    }

    /** A file decided in a group's transaction shares that transaction's marks. */
    public void sharedTransaction(TimeSplit group) {
        asked = group.asked;
        connected = group.connected;
        decided = group.decided;
        committed = group.committed;
    }

    /**
     * One line: the whole time, then each part in path order, in milliseconds; {@code rest} is what no mark
     * covers (waiting for the event loop, writing the answer). A part that never happened (a refusal before the
     * database) is "-".
     */
    public String describe(long endNanos) {
        long last = start;
        StringBuilder line = new StringBuilder(160).append(millis(endNanos - start)).append(" ms =");
        long[] marks = {bodyRead, verified, queued, asked, connected, decided, committed};
        String[] names = {"read", "verify", "prepare", "lane wait", "pool wait", "first flight", "commit"};
        for (int i = 0; i < marks.length; i++) {
            line.append(' ').append(names[i]).append(' ');
            if (marks[i] == UNSET) {
                line.append('-');
            } else {
                line.append(millis(marks[i] - last));
                last = marks[i];
            }
            if (i == 5) {
                line.append(" (in PostgreSQL ").append(micros(serverMicros)).append(", of it lock wait ")
                        .append(micros(lockWaitMicros)).append(')');
            }
            line.append(',');
        }
        return line.append(" rest ").append(millis(endNanos - last)).toString();
    }

    /** Milliseconds with two decimals, without String.format (it looks the locale up on every call). */
    public static String millis(long nanos) {
        long hundredths = Math.max(0, nanos) / 10_000;
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }

    private static String micros(long micros) {
        return micros == UNSET ? "-" : millis(micros * 1000);
    }
}
