package dev.licensegateway.admin.rest;

import dev.licensegateway.admin.model.LicenseView;
import dev.licensegateway.admin.service.LicenseQueryService;
import dev.licensegateway.admin.model.ImportDocument;
import dev.licensegateway.admin.service.LicenseChanges;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code /admin/v1/companies/{company}/licenses/{license}}: one license with counters and devices (GET), its
 * changes (PATCH) and its devices' activation and release (POST).
 */
@Path("/admin/v1/companies/{company}/licenses")
public class LicenseResource {

    static final int DEFAULT_DEVICES = 1000;
    static final int MAX_DEVICES = 10_000;

    private final LicenseQueryService licenses;
    private final LicenseChanges changes;

    public LicenseResource(LicenseQueryService licenses, LicenseChanges changes) {
        this.licenses = licenses;
        this.changes = changes;
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

    /** Changes settings, totals, feature limits, users or devices: the body is the import's license object. */
    @PATCH
    @Path("/{license}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<LicenseView> change(@RestPath String company, @RestPath String license, byte[] body,
                                   @Context HttpServerRequest request) {
        return changes.change(AdminRequests.actor(request), company, license,
                AdminRequests.body(body, ImportDocument.License.class, EMPTY));
    }

    /** Activates a device (re-activates a released one), or changes an active one's variables. */
    @POST
    @Path("/{license}/devices")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<LicenseView> activate(@RestPath String company, @RestPath String license, byte[] body,
                                     @Context HttpServerRequest request) {
        ImportDocument.Device device = AdminRequests.body(body, ImportDocument.Device.class,
                new ImportDocument.Device(null, null, null));
        return changes.device(AdminRequests.actor(request), company, license, device);
    }

    /** Releases a device by operator: it is no longer active and its seat is free. */
    @POST
    @Path("/{license}/devices/{hardwareId}/release")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<LicenseView> release(@RestPath String company, @RestPath String license, @RestPath String hardwareId,
                                    @Context HttpServerRequest request) {
        return changes.release(AdminRequests.actor(request), company, license, hardwareId);
    }

    private static final ImportDocument.License EMPTY =
            new ImportDocument.License(null, null, null, null, null, null, null, null, null, null);
}
