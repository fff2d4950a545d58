package dev.licensegateway.admin.store;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * One INSERT that writes many rows in one statement: {@code $1} is the company id and every further
 * parameter is an array holding one column, which {@code unnest()} turns back into rows. A batch of
 * 5,000 devices is then one round trip and one statement, not 5,000.
 */
public final class MultiRowInsert {

    private final String sql;
    private final Class<?>[] columnTypes;

    /**
     * @param columnTypes Java element type of each array parameter, in parameter order ($2, $3, ...):
     *                    what the reactive client binds to the SQL array type (Long for bigint[],
     *                    String for text[], Boolean for boolean[], Buffer for bytea[], ...)
     */
    MultiRowInsert(String sql, Class<?>... columnTypes) {
        this.sql = sql;
        this.columnTypes = columnTypes;
    }

    public String sql() {
        return sql;
    }

    public Rows rows() {
        return new Rows();
    }

    /** The rows of one statement, collected row by row and bound column by column. */
    public final class Rows {

        private final List<Object[]> rows = new ArrayList<>();

        public Rows add(Object... row) {
            if (row.length != columnTypes.length) {
                throw new IllegalArgumentException("expected " + columnTypes.length + " values, got " + row.length);
            }
            rows.add(row);
            return this;
        }

        public int size() {
            return rows.size();
        }

        public boolean isEmpty() {
            return rows.isEmpty();
        }

        public String sql() {
            return sql;
        }

        /** {@code [companyId, column arrays...]}, ready to bind. */
        public Object[] parameters(String companyId) {
            Object[] parameters = new Object[columnTypes.length + 1];
            parameters[0] = companyId;
            for (int column = 0; column < columnTypes.length; column++) {
                Object array = Array.newInstance(columnTypes[column], rows.size());
                for (int row = 0; row < rows.size(); row++) {
                    Array.set(array, row, rows.get(row)[column]);
                }
                parameters[column + 1] = array;
            }
            return parameters;
        }
    }
}
