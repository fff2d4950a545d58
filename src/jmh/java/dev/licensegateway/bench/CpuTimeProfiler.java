package dev.licensegateway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation ({@code -prof dev.licensegateway.bench.CpuTimeProfiler}): {@code cpu.time.norm} is the
 * CPU time of the benchmark's worker threads, {@code cpu.process.norm} that of the whole JVM (GC and JIT
 * threads too), each divided by the operations of the iteration. On a machine shared with other builds the
 * wall-clock throughput mostly measures how often the scheduler lets the benchmark run; the CPU time a thread
 * actually got per operation does not depend on that (caches and a sibling hyper-thread still do).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    static final String WORKERS = "cpu.time.norm";
    static final String PROCESS = "cpu.process.norm";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<Long, Long> workersBefore = new HashMap<>();
    private long processBefore;

    @Override
    public String getDescription() {
        return "CPU time per operation: of the benchmark threads, and of the whole JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workersBefore.clear();
        for (Thread worker : workers()) {
            workersBefore.put(worker.getId(), THREADS.getThreadCpuTime(worker.getId()));
        }
        processBefore = OS.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long process = OS.getProcessCpuTime() - processBefore;
        long workers = 0;
        for (Thread worker : workers()) {
            long now = THREADS.getThreadCpuTime(worker.getId());
            // A worker started during this iteration began at zero.
            workers += Math.max(0, now - workersBefore.getOrDefault(worker.getId(), 0L));
        }
        // All operations the workers ran, the uncounted ones that synchronise the threads included.
        double ops = Math.max(1, result.getMetadata().getAllOps());
        return List.of(
                new ScalarResult(WORKERS, workers / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult(PROCESS, process / 1e3 / ops, "us/op", AggregationPolicy.AVG));
    }

    private static List<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().contains("-jmh-worker-"))
                .toList();
    }
}
