package dev.licensegateway.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements PostgreSQL really executed, with the plans it executed them with, read from a server log
 * written by {@code auto_explain} ({@code log_format=json}, {@code log_min_duration=0}, verbose, nested
 * statements included), and the check that each one is confined to one company: every scan of a distributed
 * table carries a {@code company_id = <one value>} condition (the planner propagates it through joins on
 * company_id, so a join that is not co-located shows up as a scan without it), and every INSERT into one
 * names {@code company_id} among its columns.
 */
final class ExecutedPlans {

    /** One executed statement: its text and its plan tree. */
    record Executed(String sql, JsonNode plan) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A line that starts a log entry: the default log_line_prefix, '%m [%p] '. */
    private static final Pattern ENTRY = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[\\d+\\] ");
    private static final Pattern ONE_COMPANY = Pattern.compile("company_id = ('(?:[^']|'')*'::text|\\$\\d+)\\)");
    private static final Pattern INSERT_COLUMNS = Pattern.compile("(?is)INSERT\\s+INTO\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final List<String> CONDITIONS = List.of("Index Cond", "Filter", "Recheck Cond", "Join Filter");

    private ExecutedPlans() {
    }

    /** Every auto_explain entry of the log, from byte {@code from} on. */
    static List<Executed> read(Path log, long from) throws IOException {
        byte[] bytes = Files.readAllBytes(log);
        String text = new String(bytes, (int) from, bytes.length - (int) from, java.nio.charset.StandardCharsets.UTF_8);
        List<Executed> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : (text + "\n2000-01-01 00:00:00.000 UTC [0] END").split("\n")) {
            if (ENTRY.matcher(line).find()) {
                if (current != null) {
                    JsonNode plan = JSON.readTree(current.toString());
                    out.add(new Executed(plan.path("Query Text").asText(), plan.path("Plan")));
                    current = null;
                }
                int start = line.indexOf("plan:");
                if (line.contains("LOG:  duration:") && start > 0) {
                    current = new StringBuilder(line.substring(start + 5));
                }
            } else if (current != null) {
                current.append('\n').append(line);
            }
        }
        return out;
    }

    /** Why the statement is not confined to one company, or an empty list. */
    static List<String> problems(Executed executed, Set<String> distributed) {
        List<String> problems = new ArrayList<>();
        walk(executed.plan(), distributed, problems);
        Matcher insert = INSERT_COLUMNS.matcher(executed.sql());
        while (insert.find()) {
            if (distributed.contains(insert.group(1).toLowerCase()) && !insert.group(2).toLowerCase().contains("company_id")) {
                problems.add("INSERT INTO " + insert.group(1) + " without company_id among its columns");
            }
        }
        return problems;
    }

    /** The distributed tables the statement's plan touches (scans and writes). */
    static Set<String> touched(Executed executed, Set<String> distributed) {
        Set<String> out = new java.util.TreeSet<>();
        collect(executed.plan(), distributed, out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> distributed, Set<String> out) {
        String relation = node.path("Relation Name").asText("");
        if (distributed.contains(relation)) {
            out.add(relation);
        }
        node.path("Plans").forEach(child -> collect(child, distributed, out));
    }

    private static void walk(JsonNode node, Set<String> distributed, List<String> problems) {
        String relation = node.path("Relation Name").asText("");
        String type = node.path("Node Type").asText("");
        if (distributed.contains(relation) && !type.equals("ModifyTable") && !confined(node)) {
            problems.add(type + " on " + relation + " without a company_id = <one value> condition: "
                    + CONDITIONS.stream().filter(node::has).map(c -> c + " " + node.get(c).asText()).toList());
        }
        node.path("Plans").forEach(child -> walk(child, distributed, problems));
    }

    /** The scan's own conditions, or its bitmap index scans', pin company_id to one value. */
    private static boolean confined(JsonNode node) {
        for (String condition : CONDITIONS) {
            if (ONE_COMPANY.matcher(node.path(condition).asText("")).find()) {
                return true;
            }
        }
        if (node.path("Node Type").asText("").equals("Bitmap Heap Scan")) {
            for (JsonNode child : node.path("Plans")) {
                if (ONE_COMPANY.matcher(child.path("Index Cond").asText("")).find()) {
                    return true;
                }
            }
        }
        return false;
    }
}
