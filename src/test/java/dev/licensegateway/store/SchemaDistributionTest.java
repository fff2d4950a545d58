package dev.licensegateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema stays distributable by company: proven from pg_catalog, not from the migration text. */
@QuarkusTest
class SchemaDistributionTest {

    @Test
    void everyTableCarriesCompanyId() throws Exception {
        List<String> missing = query("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'flyway_schema_history'
                  AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                  AND a.attname = 'company_id' AND NOT a.attisdropped)
                """);
        assertThat(tableCount()).isGreaterThanOrEqualTo(12);
        assertThat(missing).as("tables without company_id").isEmpty();
    }

    @Test
    void everyPrimaryAndUniqueKeyIncludesCompanyId() throws Exception {
        // Unique indexes cover primary keys, unique constraints and partial unique indexes alike.
        List<String> offending = query("""
                SELECT i.relname FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema() AND x.indisunique AND t.relname <> 'flyway_schema_history'
                  AND coalesce(obj_description(t.oid, 'pg_class'), '') NOT LIKE 'reference table:%'
                  AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid
                                  AND a.attname = 'company_id' AND a.attnum = ANY (x.indkey))
                """);
        assertThat(query("""
                SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE n.nspname = current_schema() AND x.indisunique
                """)).hasSizeGreaterThanOrEqualTo(12);
        assertThat(offending).as("unique indexes without company_id").isEmpty();
        // Reference tables (replicated whole, so they may be unique across companies) are declared, and few.
        assertThat(query("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind = 'r'
                  AND obj_description(c.oid, 'pg_class') LIKE 'reference table:%'
                """)).containsExactly("credential_directory");
    }

    private long tableCount() throws Exception {
        return query("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind = 'r'
                """).size();
    }

    private static List<String> query(String sql) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = TestDatabase.get().connect();
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
