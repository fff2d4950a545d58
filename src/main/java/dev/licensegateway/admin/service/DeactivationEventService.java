package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.DeactivationEvents;
import dev.licensegateway.admin.store.CompanyRepository;
import dev.licensegateway.admin.store.DeactivationEventRepository;
import dev.licensegateway.error.ErrorCode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The audit events of one company: those of one request id or one license, the newest
 * ones, or a keyset page.
 */
@ApplicationScoped
public class DeactivationEventService {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final CompanyRepository companies;
    private final DeactivationEventRepository events;

    public DeactivationEventService(CompanyRepository companies, DeactivationEventRepository events) {
        this.companies = companies;
        this.events = events;
    }

    /**
     * {@code requestId} may be null (then the newest events, or with {@code after} the page after that cursor
     * in event order); {@code limit} must lie in 1..1000.
     */
    @WithSession
    public Uni<DeactivationEvents> events(String companyId, String requestId, String after, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Uni.createFrom().failure(
                    ErrorCode.VALIDATION_ERROR.exception("limit: must be between 1 and " + MAX_LIMIT));
        }
        return companies.findById(companyId).flatMap(company -> {
            if (company == null) {
                return Uni.createFrom().failure(ErrorCode.NOT_FOUND.exception("No such company."));
            }
            if (after != null && requestId == null) {
                return events.after(companyId, Cursors.parse(after), limit).map(list -> new DeactivationEvents(companyId,
                        null, limit, after, list, list.size() < limit ? null
                        : String.valueOf(list.get(list.size() - 1).eventId())));
            }
            return (requestId == null ? events.newest(companyId, limit) : events.byRequest(companyId, requestId, limit))
                    .map(list -> new DeactivationEvents(companyId, requestId, limit, null, list, null));
        });
    }

    /** The events of one license, newest first; {@code licenseId} must be a license id (digits). */
    @WithSession
    public Uni<DeactivationEvents> ofLicense(String companyId, String licenseId, int limit) {
        long id;
        try {
            id = Long.parseLong(licenseId);
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(ErrorCode.VALIDATION_ERROR.exception("license_id: must be a license id"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Uni.createFrom().failure(
                    ErrorCode.VALIDATION_ERROR.exception("limit: must be between 1 and " + MAX_LIMIT));
        }
        return companies.findById(companyId).flatMap(company -> {
            if (company == null) {
                return Uni.createFrom().failure(ErrorCode.NOT_FOUND.exception("No such company."));
            }
            return events.byLicense(companyId, id, limit)
                    .map(list -> new DeactivationEvents(companyId, null, limit, null, list, null));
        });
    }
}
