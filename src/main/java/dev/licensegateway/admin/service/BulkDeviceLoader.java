package dev.licensegateway.admin.service;

import dev.licensegateway.admin.store.BulkDeviceWriter;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts bulk device loads ({@code POST /admin/v1/companies/{company}/devices:bulk}): the operator's path
 * for fleets too large for one import document. Each load is one transaction on one pooled connection.
 */
@ApplicationScoped
public class BulkDeviceLoader {

    private final Pool pool;
    private final int batchSize;

    public BulkDeviceLoader(Pool pool, ImportSettings settings) {
        this.pool = pool;
        this.batchSize = Math.max(1, settings.batchSize());
    }

    /**
     * Opens the load's transaction (not_found for an unknown company). {@code pause} and {@code resume}
     * throttle the source of the lines while the database catches up.
     */
    public Future<BulkUpload> start(String companyId, Runnable pause, Runnable resume) {
        return BulkDeviceWriter.open(pool, companyId)
                .map(writer -> new BulkUpload(companyId, writer, batchSize, pause, resume));
    }
}
