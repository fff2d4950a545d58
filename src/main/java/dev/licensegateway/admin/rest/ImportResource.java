package dev.licensegateway.admin.rest;

import dev.licensegateway.admin.model.ImportResult;
import dev.licensegateway.admin.service.ImportService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code POST /admin/v1/import}: creates companies with everything below them (201), or with
 * {@code "mode": "upsert"} creates what is missing and changes what differs (200); all or nothing.
 */
@Path("/admin/v1/import")
public class ImportResource {

    private final ImportService imports;

    public ImportResource(ImportService imports) {
        this.imports = imports;
    }

    /** The body is taken as bytes and parsed off the event loop, with errors that name the field path. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> importDocument(byte[] body, @Context HttpServerRequest request) {
        return imports.apply(body, AdminRequests.actor(request)).map(result -> result instanceof ImportResult
                ? RestResponse.status(Response.Status.CREATED, result)
                : RestResponse.ok(result));
    }
}
