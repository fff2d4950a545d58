package dev.licensegateway.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the decision core, {@code lg_deactivate} (migration V40, where SPEC §4's order is written): once for a
 * single file, set-wise for a batch chunk ({@code lg_deactivate_all}). The caller owns the transaction ({@link BoundedWaits#inOneFlight}): each is one statement.
 */
@ApplicationScoped
public class DecisionStore {

    // Besides the decision: its time in PostgreSQL (from the Execute message to this row) and its wait for the
    // license row lock (lg_deactivate sets lg.lock_wait_us; null when it answered before locking). Once set on a
    // connection, the setting reads '' (not null) in its later transactions until set again: hence nullif.
    static final String DECIDE = """
            SELECT outcome, detail,
                   (extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000000)::bigint AS server_us,
                   nullif(current_setting('lg.lock_wait_us', true), '')::bigint AS lock_wait_us
            FROM lg_deactivate($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[],
                               $12::bigint[], $13, $14, $15, $16, false)""";

    // lg_deactivate_all: claims, then locks in license-id order, then lg_deactivate per file in batch order.
    static final String DECIDE_ALL = """
            SELECT n, outcome, detail FROM lg_deactivate_all($1, $2::text[], $3::bytea[], $4::bytea[], $5::text[],
                    $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $14::int[], $15::text[],
                    $16::bigint[], $11::text[], $17::text[], $12::int[], $13::text[])
            ORDER BY n""";

    public Uni<Decision> decide(SqlClient client, String companyId, String sourceIp, Deactivation d, TimeSplit split) {
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId, d.requestId(),
                        Buffer.buffer(d.payloadDigest()))
                .addValue(bytes(d.signatureFingerprint()))
                .addString(d.product()).addString(d.licenseKey()).addString(d.username()).addString(d.hardwareId())
                .addString(d.variablesJson()).addLong(d.consumptions())
                .addArrayOfString(d.featureCodes().toArray(String[]::new))
                .addArrayOfLong(d.featureDeltas().toArray(Long[]::new))
                .addString(d.principal()).addString(sourceIp).addInteger(d.schemaVersion())
                .addString(d.clientInfoJson());
        return client.preparedQuery(DECIDE).execute(Tuple.newInstance(tuple)).map(rows -> {
            Row row = rows.iterator().next();
            split.server(row.getLong("server_us"), row.getLong("lock_wait_us"));
            return decision(row);
        });
    }

    /** The decisions for the files (each with the address it came from), in their order, from one statement. */
    public Uni<List<Decision>> decideAll(SqlClient client, String companyId, List<String> sourceIps,
                                         List<Deactivation> files) {
        int n = files.size();
        String[] requestIds = new String[n];
        Buffer[] digests = new Buffer[n];
        Buffer[] fingerprints = new Buffer[n];
        String[] products = new String[n];
        String[] keys = new String[n];
        String[] usernames = new String[n];
        String[] hardwareIds = new String[n];
        String[] variables = new String[n];
        Long[] consumptions = new Long[n];
        String[] principals = new String[n];
        Integer[] versions = new Integer[n];
        String[] clientInfo = new String[n];
        List<Integer> featureFiles = new ArrayList<>();
        List<String> featureCodes = new ArrayList<>();
        List<Long> featureDeltas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Deactivation d = files.get(i);
            requestIds[i] = d.requestId();
            digests[i] = Buffer.buffer(d.payloadDigest());
            fingerprints[i] = bytes(d.signatureFingerprint());
            products[i] = d.product();
            keys[i] = d.licenseKey();
            usernames[i] = d.username();
            hardwareIds[i] = d.hardwareId();
            variables[i] = d.variablesJson();
            consumptions[i] = d.consumptions();
            principals[i] = d.principal();
            versions[i] = d.schemaVersion();
            clientInfo[i] = d.clientInfoJson();
            for (int f = 0; f < d.featureCodes().size(); f++) {
                featureFiles.add(i + 1); // the ordinal of WITH ORDINALITY counts from 1
                featureCodes.add(d.featureCodes().get(f));
                featureDeltas.add(d.featureDeltas().get(f));
            }
        }
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId)
                .addArrayOfString(requestIds).addArrayOfBuffer(digests).addArrayOfBuffer(fingerprints)
                .addArrayOfString(products).addArrayOfString(keys).addArrayOfString(usernames)
                .addArrayOfString(hardwareIds).addArrayOfString(variables).addArrayOfLong(consumptions)
                .addArrayOfString(principals).addArrayOfInteger(versions).addArrayOfString(clientInfo)
                .addArrayOfInteger(featureFiles.toArray(Integer[]::new))
                .addArrayOfString(featureCodes.toArray(String[]::new))
                .addArrayOfLong(featureDeltas.toArray(Long[]::new))
                .addArrayOfString(sourceIps.toArray(String[]::new));
        return client.preparedQuery(DECIDE_ALL).execute(Tuple.newInstance(tuple)).map(rows -> {
            List<Decision> decisions = new ArrayList<>(n);
            rows.forEach(row -> decisions.add(decision(row)));
            return decisions;
        });
    }

    private static Decision decision(Row row) {
        return new Decision(row.getString("outcome"), row.getString("detail"));
    }

    /** A bytea parameter; null stays null (a file without inner signature claims none). */
    static Buffer bytes(byte[] value) {
        return value == null ? null : Buffer.buffer(value);
    }
}
