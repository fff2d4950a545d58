package dev.licensegateway.admin.service;

import io.vertx.pgclient.PgException;

/** Recognises PostgreSQL's unique_violation (23505) however deeply Hibernate or Mutiny wrapped it. */
final class UniqueViolation {

    private UniqueViolation() {
    }

    static boolean matches(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            // Through a Hibernate Reactive session the driver's error arrives as a JDBC-style SQLException.
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
