package dev.licensegateway.load;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the pgbench script of the database ceiling: per transaction exactly the statements the gateway
 * issues for one deactivation, read from the packaged gateway's {@code DecisionStore} constant (so the
 * script follows the code), as {@code BoundedWaits} runs it: BEGIN with the bounded waits ({@code SET LOCAL},
 * defaults), the decision core's call (DECIDE) and COMMIT, in one flight (pgbench's pipeline mode; the
 * gateway sends BEGIN and the settings as one simple query, which a pgbench pipeline cannot, so there they are
 * three extended-protocol statements). Each {@code $n} becomes a pgbench variable; pgbench
 * cannot bind NULL, so the parameters the gateway binds as NULL for a plain SDK file (username, device
 * variables) are written as the literal {@code NULL}. Every transaction deactivates the next
 * unused device of company 0 ({@link Dataset} addressing), so pgbench does the same work the gateway does.
 *
 * <pre>java -cp load-tests/target/classes dev.licensegateway.load.PgbenchScript --app target/quarkus-app
 *      --dataset dataset.properties --from 500000 --clients 20 --out deactivation.pgbench [--physical 1]</pre>
 * With {@code --physical 1} the transaction is instead {@link #PHYSICAL}: the minimal exactly-once statement on
 * the gateway's real schema (b0, the physical ceiling), same devices, same variables, no bounded waits.
 * It prints the {@code -D} options pgbench needs, one per line.
 */
public final class PgbenchScript {

    static final String STORE = "dev.licensegateway.store.DecisionStore";

    /** Parameter {@code $n} of each statement → pgbench variable (or literal). */
    static final Map<String, List<String>> PARAMETERS = Map.of(
            "DECIDE", List.of(":company", ":rid", ":digest", ":fp", ":product", ":lk", "NULL", ":hw", "NULL",
                    ":consumptions", ":no_codes", ":no_ids", ":principal", ":source_ip", ":schema_version",
                    ":client_info"));

    /**
     * The least a durable, exactly-once deactivation can cost PostgreSQL: one autocommit statement that claims
     * the request id, deactivates the device, decrements the license and inserts the audit event. No rule
     * checks, no lock-first, no second round trip.
     */
    static final String PHYSICAL = """
            WITH target AS (
                SELECT l.license_id, d.device_id FROM licenses l
                JOIN devices d ON d.company_id = l.company_id AND d.license_id = l.license_id
                WHERE l.company_id = :company AND l.license_key = :lk AND d.hardware_id = :hw AND d.active
            ), claim AS (
                INSERT INTO deactivation_requests
                    (company_id, request_id, payload_digest, signature_fingerprint, license_id, device_id, outcome)
                SELECT CAST(:company AS text), CAST(:rid AS text), CAST(:digest AS bytea), CAST(:fp AS bytea), license_id,
                       device_id, 'license_deactivated' FROM target
                ON CONFLICT DO NOTHING
                RETURNING license_id, device_id
            ), device AS (
                UPDATE devices d SET active = false, deactivated_at = now()
                FROM claim WHERE d.company_id = :company AND d.device_id = claim.device_id
            ), license AS (
                UPDATE licenses l SET times_activated = greatest(l.times_activated - 1, 0), updated_at = now()
                FROM claim WHERE l.company_id = :company AND l.license_id = claim.license_id
            )
            INSERT INTO deactivation_events (company_id, request_id, license_id, device_id, hardware_id, principal,
                                             source_ip, schema_version, consumptions, client_info)
            SELECT CAST(:company AS text), CAST(:rid AS text), license_id, device_id, CAST(:hw AS text),
                   CAST(:principal AS text), CAST(:source_ip AS text), CAST(:schema_version AS integer), 0,
                   CAST(:client_info AS jsonb)
            FROM claim;""";

    private PgbenchScript() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Dataset dataset = Dataset.load(Path.of(args.required("dataset")));
        Map<String, String> sql = statements(Path.of(args.required("app")));
        long clients = args.number("clients", 20);
        long from = args.number("from", 0);
        int companies = dataset.companies().size();
        // Company 0 holds global indices 0, C, 2C, …: its own index j = i / C.
        long firstJ = (from + companies - 1) / companies;

        StringBuilder script = new StringBuilder();
        script.append("-- generated by dev.licensegateway.load.PgbenchScript from ").append(STORE)
                .append("; do not edit\n");
        script.append("\\set n :n + 1\n");
        script.append("\\set j :first_j + :client_id + :clients * (:n - 1)\n");
        script.append("\\set license :j % :licenses\n");
        script.append("\\set lk :license_key_base + :license\n");
        script.append("\\set hw :hardware_id_base + :license * :per_license + :j / :licenses\n");
        script.append("\\set rid :rid_base + :j\n");
        script.append("\\set fp :rid_base + :j\n");
        script.append("\\set digest :rid_base + :j\n");
        if (args.number("physical", 0) == 1) {
            script.append(PHYSICAL.replace("\n", " ")).append('\n');
        } else {
            appendGatewayTransaction(script, sql);
        }
        Files.writeString(Path.of(args.required("out")), script.toString());
        printDefines(dataset, clients, firstJ);
    }

    /** What the gateway sends for one new file (BoundedWaits.inOneFlight around DecisionStore.DECIDE). */
    private static void appendGatewayTransaction(StringBuilder script, Map<String, String> sql) {
        script.append("\\startpipeline\n");
        script.append("BEGIN;\n");
        // BoundedWaits: gateway.database.lock-timeout and statement-timeout at their defaults, per transaction.
        script.append("SET LOCAL lock_timeout = 2000;\n");
        script.append("SET LOCAL statement_timeout = 4000;\n");
        script.append(bind(sql, "DECIDE")).append(";\n");
        script.append("COMMIT;\n");
        script.append("\\endpipeline\n");
    }

    private static void printDefines(Dataset dataset, long clients, long firstJ) {
        Dataset.Company company = dataset.companies().get(0);
        List<String> defines = new ArrayList<>();
        defines.add("n=0");
        defines.add("first_j=" + firstJ);
        defines.add("clients=" + clients);
        defines.add("licenses=" + dataset.licensesPerCompany());
        defines.add("per_license=" + dataset.devicesPerLicense());
        defines.add("license_key_base=" + Dataset.LICENSE_KEY_BASE);
        defines.add("hardware_id_base=" + Dataset.HARDWARE_ID_BASE);
        defines.add("rid_base=" + (7_000_000_000_000L));
        defines.add("company=" + company.code());
        defines.add("product=" + dataset.product());
        defines.add("principal=" + company.apiKey());
        defines.add("no_codes={}");
        defines.add("consumptions=0");
        defines.add("no_ids={}");
        defines.add("source_ip=127.0.0.1");
        defines.add("schema_version=1");
        defines.add("client_info={\"os_ver\": \"Linux-6.1\", \"hostname\": \"fleet-node\", \"sdk_ver\": \"PythonSDK 4.1.0\"}");
        defines.forEach(System.out::println);
    }

    /** The SQL constants of the packaged gateway's store, loaded from its jars without starting it. */
    static Map<String, String> statements(Path quarkusApp) throws IOException, ReflectiveOperationException {
        List<URL> jars = new ArrayList<>();
        for (String dir : List.of("app", "lib/main")) {
            try (Stream<Path> files = Files.list(quarkusApp.resolve(dir))) {
                for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                    jars.add(jar.toUri().toURL());
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), null)) {
            Class<?> store = Class.forName(STORE, false, loader);
            Map<String, String> sql = new java.util.HashMap<>();
            for (String name : PARAMETERS.keySet()) {
                Field field = store.getDeclaredField(name);
                field.setAccessible(true);
                sql.put(name, (String) field.get(null));
            }
            return sql;
        }
    }

    static String bind(Map<String, String> sql, String name) {
        List<String> parameters = PARAMETERS.get(name);
        Matcher m = Pattern.compile("\\$(\\d+)").matcher(sql.get(name));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n > parameters.size()) {
                throw new IllegalStateException(name + " has $" + n + ", which this script does not know: update "
                        + "PgbenchScript.PARAMETERS to follow DecisionStore");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(parameters.get(n - 1)));
        }
        m.appendTail(out);
        return out.toString().strip();
    }
}
