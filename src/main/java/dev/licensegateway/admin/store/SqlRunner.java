package dev.licensegateway.admin.store;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Runs one statement in the caller's transaction and returns its rows as arrays: the Hibernate session's
 * connection for documents ({@link SessionSql}), the bulk load's own connection for NDJSON uploads. Lets
 * both paths share the set-based device statements of {@link DeviceUpserts}.
 */
@FunctionalInterface
public interface SqlRunner {

    Uni<List<Object[]>> rows(String sql, Object... parameters);
}
