package dev.licensegateway.admin.rest;

import dev.licensegateway.admin.model.DeactivationEvents;
import dev.licensegateway.admin.service.DeactivationEventService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /admin/v1/companies/{company}/deactivations}: the audit trail, newest first; of one request id,
 * or of one license ({@code license_id}, as the license lookup shows it).
 */
@Path("/admin/v1/companies/{company}/deactivations")
public class DeactivationResource {

    private final DeactivationEventService events;

    public DeactivationResource(DeactivationEventService events) {
        this.events = events;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<DeactivationEvents> events(@RestPath String company, @RestQuery("request_id") String requestId,
                                          @RestQuery("license_id") String licenseId, @RestQuery("after") String after,
                                          @RestQuery("limit") String limit) {
        int parsed = QueryLimit.parse("limit", limit, DeactivationEventService.DEFAULT_LIMIT,
                DeactivationEventService.MAX_LIMIT);
        if (licenseId != null && !licenseId.isEmpty()) {
            return events.ofLicense(company, licenseId, parsed);
        }
        return events.events(company, requestId == null || requestId.isEmpty() ? null : requestId, after, parsed);
    }
}
