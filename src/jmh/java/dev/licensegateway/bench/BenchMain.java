package dev.licensegateway.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * Runs the benchmarks with JMH's own command-line options ({@code -f 1 -wi 3 -w 1s -i 5 -r 1s}, a regexp
 * to pick benchmarks, {@code -rf json}), then prints ops/s, µs/op, the ratios (a)/(c) and (a)/(b) per file,
 * and whether the goals of issue 4 are met.
 */
public final class BenchMain {

    /** Issue 4: the full CPU path for a 2 KiB file within 5 µs, and at least 1.5 × the naive path. */
    private static final double GOAL_MICROS_2K = 5.0;
    private static final double GOAL_RATIO_NAIVE = 1.5;

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            rows.add(Row.of(result));
        }
        print(rows);
    }

    private static void print(List<Row> rows) {
        StringBuilder out = new StringBuilder("\n== license-gateway hot path: summary ==\n");
        out.append(line("%-52s %14s %10s %10s", "benchmark", "ops/s", "± ops/s", "µs/op"));
        for (Row row : rows) {
            out.append(line("%-52s %,14.0f %,10.0f %10.3f", row.label(), row.opsPerSecond, row.error, row.micros()));
        }
        out.append("(µs/op: the time of one operation on one thread, threads × 10⁶ / ops/s.)\n");
        Map<String, Map<String, Row>> files = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.benchmark.startsWith("HotPathBenchmark.")) {
                files.computeIfAbsent(row.file(), k -> new LinkedHashMap<>())
                        .put(row.benchmark.substring("HotPathBenchmark.".length(), "HotPathBenchmark.".length() + 1),
                                row);
            }
        }
        if (!files.isEmpty()) {
            out.append("\nRatios of throughput, per request file (higher is better for (a)):\n");
            out.append(line("%-12s %10s %10s %12s  %s", "file", "(a)/(c)", "(a)/(b)", "(a) µs/op", "goals"));
            for (Map.Entry<String, Map<String, Row>> file : files.entrySet()) {
                Row a = file.getValue().get("a");
                Row b = file.getValue().get("b");
                Row c = file.getValue().get("c");
                if (a == null) {
                    continue;
                }
                String naive = c == null ? "-" : format("%.2f", a.opsPerSecond / c.opsPerSecond);
                String jdk = b == null ? "-" : format("%.2f", a.opsPerSecond / b.opsPerSecond);
                out.append(line("%-12s %10s %10s %12.3f  %s", file.getKey(), naive, jdk, a.micros(), goals(a, c)));
            }
        }
        out.append("\nFigures from a shared, noisy 2-core machine: compare within one run, not across runs.\n");
        System.out.print(out);
    }

    private static String goals(Row a, Row c) {
        List<String> verdicts = new ArrayList<>();
        if (Integer.parseInt(a.params.get("size")) >= 2048) {
            verdicts.add((a.micros() <= GOAL_MICROS_2K ? "met" : "MISSED") + " ≤ 5 µs");
        }
        if (c != null) {
            verdicts.add((a.opsPerSecond >= GOAL_RATIO_NAIVE * c.opsPerSecond ? "met" : "MISSED") + " ≥ 1.5 × (c)");
        }
        return String.join(", ", verdicts);
    }

    private static String line(String pattern, Object... values) {
        return format(pattern, values) + "\n";
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    /** One benchmark's primary result: total ops/s over its threads, and the time of one operation per thread. */
    private record Row(String benchmark, Map<String, String> params, int threads, double opsPerSecond, double error) {

        static Row of(RunResult result) {
            String name = result.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            Map<String, String> params = new LinkedHashMap<>();
            for (String key : result.getParams().getParamsKeys()) {
                params.put(key, result.getParams().getParam(key));
            }
            double factor = perSecond(result.getPrimaryResult().getScoreUnit());
            return new Row(shortName, params, result.getParams().getThreads(),
                    result.getPrimaryResult().getScore() * factor, result.getPrimaryResult().getScoreError() * factor);
        }

        private static double perSecond(String unit) {
            return switch (unit) {
                case "ops/s" -> 1;
                case "ops/ms" -> 1e3;
                case "ops/us" -> 1e6;
                default -> throw new IllegalArgumentException("run in throughput mode (ops/s), not " + unit);
            };
        }

        double micros() {
            return threads * 1e6 / opsPerSecond;
        }

        /** The request file by its real size on the wire and schema version, e.g. {@code 545 B v1}. */
        String file() {
            if (!params.containsKey("size")) {
                return "";
            }
            RequestFiles file = RequestFiles.of(Integer.parseInt(params.get("size")), Integer.parseInt(params.get("schema")));
            return file.body.length + " B v" + file.schemaVersion;
        }

        String label() {
            String label = benchmark + (params.isEmpty() ? "" : " [" + file() + "]");
            return threads > 1 ? label + " ×" + threads + " threads" : label;
        }
    }
}
