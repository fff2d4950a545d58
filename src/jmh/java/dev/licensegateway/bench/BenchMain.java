package dev.licensegateway.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the benchmarks with JMH's own command-line options (those of the {@code jmh} profile's {@code jmh.args},
 * a regexp to pick benchmarks, {@code -p size=2048}, {@code -rf json}), then prints per benchmark its
 * throughput, wall-clock and CPU µs/op and allocated bytes/op, the ratios (a)/(c) and (a)/(b) per request
 * file, and whether the goals of issue 4 are met.
 */
public final class BenchMain {

    /** Issue 4: the full CPU path for a 2 KiB file within 5 µs, and at least 1.5 × the naive path. */
    private static final double GOAL_MICROS_2K = 5.0;
    private static final double GOAL_RATIO_NAIVE = 1.5;
    private static final String HOT_PATH = "HotPathBenchmark.";

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            rows.add(Row.of(result));
        }
        System.out.print(summary(rows));
    }

    private static String summary(List<Row> rows) {
        StringBuilder out = new StringBuilder("\n== license-gateway hot path: summary ==\n");
        out.append(line("%-48s %12s %9s %9s %16s %9s %8s", "benchmark", "best ops/s", "wall µs", "cpu µs",
                "cpu µs mean", "jvm cpu", "B/op"));
        for (Row row : rows) {
            out.append(line("%-48s %,12.0f %9.3f %9s %16s %9s %8s", row.label(), row.best, row.micros(row.best),
                    row.cpuMin < 0 ? "-" : format("%.3f", row.cpuMin),
                    row.cpuMin < 0 ? "-" : format("%.3f ± %.3f", row.cpu, row.cpuError),
                    row.processCpu < 0 ? "-" : format("%.3f", row.processCpu),
                    row.bytesPerOp < 0 ? "-" : format("%,.0f", row.bytesPerOp)));
        }
        out.append("""
                wall µs: one operation on one thread (threads × 10⁶ / ops/s) in the best iteration. cpu µs: CPU time
                the benchmark threads got per operation (CpuTimeProfiler) in the least disturbed iteration, not
                inflated by other processes holding the cores; cpu µs mean: over all iterations, ± 99.9 % CI; jvm cpu:
                the mean with GC and JIT threads (far above cpu µs means the JIT was still compiling: warm up
                longer). B/op: bytes allocated per operation.
                """);
        Map<String, Map<Character, Row>> files = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.benchmark.startsWith(HOT_PATH)) {
                files.computeIfAbsent(row.file(), k -> new LinkedHashMap<>()).put(row.benchmark.charAt(HOT_PATH.length()), row);
            }
        }
        if (!files.isEmpty()) {
            out.append("\nRatios per request file, by cpu µs (by best wall-clock iteration in brackets):\n");
            out.append(line("%-12s %14s %14s %12s  %s", "file", "(a)/(c)", "(a)/(b)", "(a) µs/op", "goals of issue 4"));
            for (Map.Entry<String, Map<Character, Row>> file : files.entrySet()) {
                Row a = file.getValue().get('a');
                if (a != null) {
                    Row c = file.getValue().get('c');
                    out.append(line("%-12s %14s %14s %12.3f  %s", file.getKey(), ratio(a, c),
                            ratio(a, file.getValue().get('b')), a.cost(), goals(a, c)));
                }
            }
            out.append("(a) µs/op and the goals use the cpu µs column when it was measured, else the best wall time.\n");
        }
        out.append("\nFigures from a shared, noisy 2-core machine: compare within one run, not across runs.\n");
        return out.toString();
    }

    /** How many times faster (a) is than the other path. */
    private static String ratio(Row a, Row other) {
        return other == null ? "-" : format("%.2f (%.2f)", other.cost() / a.cost(), a.best / other.best);
    }

    private static String goals(Row a, Row c) {
        List<String> verdicts = new ArrayList<>();
        if (Integer.parseInt(a.params.get("size")) >= 2048) {
            verdicts.add((a.cost() <= GOAL_MICROS_2K ? "met" : "MISSED") + " ≤ 5 µs");
        }
        if (c != null) {
            verdicts.add((c.cost() >= GOAL_RATIO_NAIVE * a.cost() ? "met" : "MISSED") + " ≥ 1.5 × (c)");
        }
        return String.join(", ", verdicts);
    }

    private static String line(String pattern, Object... values) {
        return format(pattern, values) + "\n";
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    /**
     * One benchmark: throughput summed over its threads (mean, best iteration), CPU time per operation of its
     * threads (least, mean, error) and of the JVM, and bytes allocated per operation; -1 when not measured.
     */
    private record Row(String benchmark, Map<String, String> params, int threads, double mean, double best,
                       double cpuMin, double cpu, double cpuError, double processCpu, double bytesPerOp) {

        static Row of(RunResult result) {
            String name = result.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            Map<String, String> params = new LinkedHashMap<>();
            for (String key : result.getParams().getParamsKeys()) {
                params.put(key, result.getParams().getParam(key));
            }
            Result<?> primary = result.getPrimaryResult();
            double factor = perSecond(primary.getScoreUnit());
            Result<?> cpu = result.getSecondaryResults().get(CpuTimeProfiler.WORKERS);
            Result<?> process = result.getSecondaryResults().get(CpuTimeProfiler.PROCESS);
            Result<?> bytes = result.getSecondaryResults().get("gc.alloc.rate.norm");
            return new Row(shortName, params, result.getParams().getThreads(), primary.getScore() * factor,
                    primary.getStatistics().getMax() * factor, cpu == null ? -1 : cpu.getStatistics().getMin(),
                    cpu == null ? -1 : cpu.getScore(), cpu == null ? -1 : cpu.getScoreError(),
                    process == null ? -1 : process.getScore(), bytes == null ? -1 : bytes.getScore());
        }

        /** Microseconds of one operation: least CPU time per operation when measured, else the best wall time. */
        double cost() {
            return cpuMin > 0 ? cpuMin : micros(best);
        }

        private static double perSecond(String unit) {
            return switch (unit) {
                case "ops/s" -> 1;
                case "ops/ms" -> 1e3;
                case "ops/us" -> 1e6;
                default -> throw new IllegalArgumentException("run in throughput mode (ops/s), not " + unit);
            };
        }

        double micros(double opsPerSecond) {
            return threads * 1e6 / opsPerSecond;
        }

        /** The request file by its real size on the wire and its schema version, e.g. {@code 545 B v1}. */
        String file() {
            if (!params.containsKey("size")) {
                return "";
            }
            RequestFiles file = RequestFiles.of(Integer.parseInt(params.get("size")), Integer.parseInt(params.get("schema")));
            return file.body.length + " B v" + file.schemaVersion;
        }

        String label() {
            String label = benchmark + (params.containsKey("size") ? " [" + file() + "]" : "");
            return threads > 1 ? label + " ×" + threads + " thr" : label;
        }
    }
}
