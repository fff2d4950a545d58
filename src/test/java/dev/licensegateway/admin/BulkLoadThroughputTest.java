package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.admin;
import static dev.licensegateway.admin.AdminTestData.code;
import static dev.licensegateway.admin.AdminTestData.count;
import static dev.licensegateway.admin.AdminTestData.importDocument;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Loads a fleet and prints devices per second for the import document, the bulk path, and a bulk upsert
 * of the whole fleet that releases half of it (the nightly sync). Prints,
 * never asserts a time: machines differ. Size with {@code -Dbench.devices=1000000}
 * (10 devices per license).
 */
@QuarkusTest
class BulkLoadThroughputTest {

    private static final int DEVICES = Integer.getInteger("bench.devices", 100_000);
    private static final int PER_LICENSE = 10;
    /** {@code -Dbench.import=false} measures the bulk paths only (a million-device document takes minutes to post). */
    private static final boolean IMPORT = Boolean.parseBoolean(System.getProperty("bench.import", "true"));

    @Test
    void fleetLoadsThroughImportAndBulkPath() throws Exception {
        int licenses = DEVICES / PER_LICENSE;

        long started;
        if (IMPORT) {
            String viaImport = code();
            byte[] document = fleetDocument(viaImport, licenses, true);
            started = System.nanoTime();
            JsonPath imported = importDocument(new String(document, StandardCharsets.UTF_8)).statusCode(201)
                    .extract().jsonPath();
            report("import document", imported.getInt("created.devices"), System.nanoTime() - started, document.length);
            assertThat(count("SELECT count(*) FROM devices WHERE company_id = ?", viaImport)).isEqualTo(DEVICES);
        }

        String viaBulk = code();
        importDocument(new String(fleetDocument(viaBulk, licenses, false), StandardCharsets.UTF_8)).statusCode(201);
        byte[] ndjson = fleetLines(viaBulk, licenses);
        started = System.nanoTime();
        JsonPath bulk = admin().contentType("application/x-ndjson").body(ndjson)
                .post("/admin/v1/companies/{c}/devices:bulk", viaBulk).then().statusCode(200).extract().jsonPath();
        report("bulk NDJSON", bulk.getLong("devices"), System.nanoTime() - started, ndjson.length);
        assertThat(count("SELECT sum(times_activated) FROM licenses WHERE company_id = ?", viaBulk)).isEqualTo(DEVICES);

        // The nightly sync: every line again, half of them now released, each recorded in the admin audit.
        byte[] sync = syncLines(licenses);
        started = System.nanoTime();
        JsonPath upsert = admin().contentType("application/x-ndjson").body(sync)
                .post("/admin/v1/companies/{c}/devices:bulk?mode=upsert", viaBulk).then().statusCode(200)
                .extract().jsonPath();
        report("bulk NDJSON upsert (half released)", upsert.getLong("devices"), System.nanoTime() - started, sync.length);
        assertThat(upsert.getInt("changes.release")).isEqualTo(DEVICES / 2);
        assertThat(count("SELECT sum(times_activated) FROM licenses WHERE company_id = ?", viaBulk)).isEqualTo(DEVICES / 2);
        assertThat(count("SELECT count(*) FROM admin_audit WHERE company_id = ? AND action = 'release'", viaBulk))
                .isEqualTo(DEVICES / 2);
    }

    /** Every device of the fleet, the odd ones released. */
    private static byte[] syncLines(int licenses) {
        StringBuilder lines = new StringBuilder(64 * DEVICES);
        for (int l = 0; l < licenses; l++) {
            for (int d = 0; d < PER_LICENSE; d++) {
                lines.append("{\"license_key\": \"L-").append(l).append("\", \"hardware_id\": \"hw-").append(l)
                        .append('-').append(d).append("\", \"active\": ").append(d % 2 == 0).append("}\n");
            }
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void report(String path, long devices, long nanos, int bytes) {
        double seconds = nanos / 1e9;
        long perSecond = Math.round(devices / seconds);
        System.out.printf("%n[throughput] %s: %,d devices (%,d bytes) in %.2f s = %,d devices/s; "
                        + "a million would take ~%.0f s%n%n", path, devices, bytes, seconds, perSecond,
                1_000_000.0 / perSecond);
    }

    private static byte[] fleetDocument(String company, int licenses, boolean withDevices) {
        StringBuilder json = new StringBuilder(64 * DEVICES + 1024);
        json.append("{\"companies\": [{\"code\": \"").append(company).append("\", \"api_keys\": [], ")
                .append("\"products\": [{\"code\": \"fleet\", \"licenses\": [");
        for (int l = 0; l < licenses; l++) {
            json.append(l == 0 ? "" : ",").append("{\"license_key\": \"L-").append(l)
                    .append("\", \"type\": \"perpetual\", \"max_activations\": ").append(PER_LICENSE);
            if (withDevices) {
                json.append(", \"devices\": [");
                for (int d = 0; d < PER_LICENSE; d++) {
                    json.append(d == 0 ? "" : ",").append("{\"hardware_id\": \"hw-").append(l).append('-').append(d)
                            .append("\"}");
                }
                json.append(']');
            }
            json.append('}');
        }
        return json.append("]}]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fleetLines(String company, int licenses) {
        StringBuilder lines = new StringBuilder(64 * DEVICES);
        for (int l = 0; l < licenses; l++) {
            for (int d = 0; d < PER_LICENSE; d++) {
                lines.append("{\"license_key\": \"L-").append(l).append("\", \"hardware_id\": \"hw-").append(l)
                        .append('-').append(d).append("\", \"active\": true}\n");
            }
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
}
