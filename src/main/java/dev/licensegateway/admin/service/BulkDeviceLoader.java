package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.model.ImportDocument;
import dev.licensegateway.admin.store.BulkDeviceWriter;
import dev.licensegateway.error.ErrorCode;
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
     * Opens the load's transaction (not_found for an unknown company); {@code mode} is create (null) or upsert. {@code pause} and {@code resume}
     * throttle the source of the lines while the database catches up.
     */
    public Future<BulkUpload> start(String companyId, String mode, AdminActor actor, Runnable pause, Runnable resume) {
        if (mode != null && !mode.equals(ImportDocument.CREATE) && !mode.equals(ImportDocument.UPSERT)) {
            return Future.failedFuture(ErrorCode.VALIDATION_ERROR.exception("mode: must be create or upsert"));
        }
        boolean upsert = ImportDocument.UPSERT.equals(mode);
        return BulkDeviceWriter.open(pool, companyId, upsert ? actor : null)
                .map(writer -> new BulkUpload(companyId, upsert ? ImportDocument.UPSERT : ImportDocument.CREATE, writer,
                        batchSize, pause, resume));
    }
}
