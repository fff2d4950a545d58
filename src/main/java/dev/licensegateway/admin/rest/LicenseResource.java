package dev.licensegateway.admin.rest;

import dev.licensegateway.admin.model.LicenseView;
import dev.licensegateway.admin.service.LicenseQueryService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code GET /admin/v1/companies/{company}/licenses/{license}}: one license with counters and devices. */
@Path("/admin/v1/companies/{company}/licenses")
public class LicenseResource {

    static final int DEFAULT_DEVICES = 1000;
    static final int MAX_DEVICES = 10_000;

    private final LicenseQueryService licenses;

    public LicenseResource(LicenseQueryService licenses) {
        this.licenses = licenses;
    }

    /** {@code license}: a license key, a license id, or the username of a user-based license. */
    @GET
    @Path("/{license}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<LicenseView> license(@RestPath String company, @RestPath String license,
                                    @RestQuery("devices_limit") String devicesLimit) {
        int limit = QueryLimit.parse("devices_limit", devicesLimit, DEFAULT_DEVICES, MAX_DEVICES);
        return licenses.license(company, license, limit);
    }
}
