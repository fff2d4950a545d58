package dev.licensegateway.deactivation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * The limit arithmetic of SPEC §4 at the edges of what a counter holds (issue 13): checked, never wrapped. The
 * rule lives in the decision core ({@code lg_limit_refusal}, migration V40); this asks it row by row.
 */
@QuarkusTest
class DeactivationRulesTest {

    static final long MAX = Long.MAX_VALUE;
    static final long MIN = Long.MIN_VALUE;

    @Test
    void aCeilingPastLongMaxIsNoCeiling() throws Exception {
        assertThat(refusal(MAX, 10, true, MAX, false, false, 5)).isNull();
    }

    @Test
    void aTotalTheCounterCannotHoldIsRefusedNotWrapped() throws Exception {
        assertThat(refusal(MAX, MAX - 1, true, MAX, false, false, 5)).isEqualTo("overflow");
        assertThat(refusal(0, MAX - 1, false, 0, true, false, 5)).isEqualTo("overflow");
        assertThat(refusal(0, MIN + 1, false, 0, true, true, -5)).isEqualTo("overflow");
    }

    @Test
    void theOrdinaryRulesStillHold() throws Exception {
        assertThat(refusal(100, 95, true, 10, false, false, 15)).isNull();
        assertThat(refusal(100, 95, true, 10, false, false, 16)).isEqualTo("not_enough");
        assertThat(refusal(100, 95, true, 10, false, false, -1)).isEqualTo("negative");
        assertThat(refusal(100, 95, false, 10, false, false, 6)).isEqualTo("not_enough");
        assertThat(refusal(100, 95, false, 10, true, false, 6)).isNull();
        assertThat(refusal(100, 95, false, 10, false, true, -200)).isNull();
    }

    private static String refusal(long max, long total, boolean overages, long maxOverages, boolean unlimited,
                                  boolean negative, long delta) throws Exception {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement query = connection.prepareStatement("SELECT lg_limit_refusal(?, ?, ?, ?, ?, ?, ?)")) {
            query.setLong(1, max);
            query.setLong(2, total);
            query.setBoolean(3, overages);
            query.setLong(4, maxOverages);
            query.setBoolean(5, unlimited);
            query.setBoolean(6, negative);
            query.setLong(7, delta);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
