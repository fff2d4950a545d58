package dev.licensegateway.admin.store;

import dev.licensegateway.admin.model.DeactivationEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reads the audit trail {@code deactivation_events}, which the deactivation path writes: the newest events,
 * those of one request id or one license, or a keyset page in event order. {@link DeactivationExport} streams it.
 */
@ApplicationScoped
public class DeactivationEventRepository implements PanacheRepositoryBase<DeactivationEventEntity, Long> {

    public Uni<List<DeactivationEvent>> newest(String companyId, int limit) {
        return page(find("companyId = ?1", Sort.descending("eventId"), companyId), limit);
    }

    /** The events after {@code afterEventId}, oldest first. */
    public Uni<List<DeactivationEvent>> after(String companyId, long afterEventId, int limit) {
        return page(find("companyId = ?1 and eventId > ?2", Sort.ascending("eventId"), companyId, afterEventId), limit);
    }

    public Uni<List<DeactivationEvent>> byRequest(String companyId, String requestId, int limit) {
        return page(find("companyId = ?1 and requestId = ?2", Sort.descending("eventId"), companyId, requestId), limit);
    }

    /** The events of one license, newest first (the portal's license lookup). */
    public Uni<List<DeactivationEvent>> byLicense(String companyId, long licenseId, int limit) {
        return page(find("companyId = ?1 and licenseId = ?2", Sort.descending("eventId"), companyId, licenseId), limit);
    }

    private static Uni<List<DeactivationEvent>> page(
            io.quarkus.hibernate.reactive.panache.PanacheQuery<DeactivationEventEntity> query, int limit) {
        return query.range(0, limit - 1).list().map(rows -> rows.stream().map(DeactivationEventRepository::view).toList());
    }

    private static DeactivationEvent view(DeactivationEventEntity e) {
        return new DeactivationEvent(e.companyId, e.eventId, e.requestId, e.licenseId, e.deviceId, e.hardwareId,
                e.principal, e.sourceIp, e.schemaVersion, e.consumptions, JsonValues.parse(e.featureDeltas),
                JsonValues.parse(e.clientInfo), e.createdAt);
    }
}
