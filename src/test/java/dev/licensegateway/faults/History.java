package dev.licensegateway.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Everything the clients saw: each operation with every attempt (when, and what came back), and how it
 * ended. {@link Outcome#UNKNOWN} is an operation never answered 200 or 4xx before the clients gave up:
 * the checker allows it to have persisted once or not at all, nothing else.
 */
final class History {

    enum Outcome { ACKNOWLEDGED, REFUSED, UNKNOWN }

    /** One try: {@code status} -1 for a connection error or timeout, with {@code error} saying which. */
    record Attempt(long startNanos, long endNanos, int status, String code, String error) {
    }

    static final class Entry {
        final FaultDataset.Op op;
        final List<Attempt> attempts = new ArrayList<>();
        volatile Outcome outcome = Outcome.UNKNOWN;
        volatile String code;

        Entry(FaultDataset.Op op) {
            this.op = op;
        }
    }

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();

    Entry begin(FaultDataset.Op op) {
        Entry entry = new Entry(op);
        entries.add(entry);
        return entry;
    }

    void record(Entry entry, Attempt attempt) {
        synchronized (entry) {
            entry.attempts.add(attempt);
        }
        attempts.add(attempt);
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Nanoseconds from {@code since} to the first 200 answered after it, or -1. */
    long firstAcknowledgedAfter(long since) {
        return attempts.stream().filter(a -> a.status() == 200 && a.endNanos() >= since)
                .mapToLong(a -> a.endNanos() - since).min().orElse(-1);
    }

    long count(Outcome outcome) {
        return entries.stream().filter(e -> e.outcome == outcome).count();
    }

    long attemptsWithStatus(int status) {
        return attempts.stream().filter(a -> a.status() == status).count();
    }

    /** The line every scenario prints: how the operations ended and what the checker found. */
    String summary(HistoryChecker checker) {
        return String.format("operations %d: acknowledged %d, refused %d, unknown %d (of which persisted %d); "
                        + "persisted deactivations %d; violations %d", entries().size(), count(Outcome.ACKNOWLEDGED),
                count(Outcome.REFUSED), count(Outcome.UNKNOWN), checker.persistedUnknown, checker.persisted,
                checker.violations.size());
    }
}
