package dev.licensegateway.admin.rest;

import dev.licensegateway.admin.model.WebhookModels.Deliveries;
import dev.licensegateway.admin.model.WebhookModels.Delivery;
import dev.licensegateway.admin.model.WebhookModels.Endpoint;
import dev.licensegateway.admin.model.WebhookModels.EndpointSpec;
import dev.licensegateway.admin.model.WebhookModels.Redriven;
import dev.licensegateway.admin.service.WebhookAdmin;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /admin/v1/companies/{company}/webhooks}: endpoints that receive deactivation events, and their deliveries. */
@Path("/admin/v1/companies/{company}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private static final EndpointSpec NONE = new EndpointSpec(null, null, null);

    private final WebhookAdmin webhooks;

    public WebhookResource(WebhookAdmin webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Endpoint>> add(@RestPath String company, byte[] body, @Context HttpServerRequest request) {
        return webhooks.add(AdminRequests.actor(request), company, AdminRequests.body(body, EndpointSpec.class, NONE))
                .map(created -> RestResponse.status(Response.Status.CREATED, created));
    }

    @GET
    public Uni<List<Endpoint>> list(@RestPath String company) {
        return webhooks.list(company);
    }

    @PATCH
    @Path("/{endpoint}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Endpoint> change(@RestPath String company, @RestPath String endpoint, byte[] body,
                                @Context HttpServerRequest request) {
        return webhooks.change(AdminRequests.actor(request), company, id(endpoint, "webhook endpoint"),
                AdminRequests.body(body, EndpointSpec.class, NONE));
    }

    @DELETE
    @Path("/{endpoint}")
    public Uni<Response> remove(@RestPath String company, @RestPath String endpoint, @Context HttpServerRequest request) {
        return webhooks.remove(AdminRequests.actor(request), company, id(endpoint, "webhook endpoint"))
                .map(none -> Response.noContent().build());
    }

    @GET
    @Path("/deliveries")
    public Uni<Deliveries> deliveries(@RestPath String company, @RestQuery("state") String state,
                                      @RestQuery("after") String after, @RestQuery("limit") String limit) {
        int parsed = QueryLimit.parse("limit", limit, WebhookAdmin.DEFAULT_LIMIT, WebhookAdmin.MAX_LIMIT);
        return webhooks.deliveries(company, state == null || state.isEmpty() ? null : state, after, parsed);
    }

    @POST
    @Path("/deliveries/{delivery}/retry")
    public Uni<Delivery> redrive(@RestPath String company, @RestPath String delivery) {
        return webhooks.redrive(company, id(delivery, "delivery"));
    }

    @POST
    @Path("/deliveries/retry-failed")
    public Uni<Redriven> redriveFailed(@RestPath String company) {
        return webhooks.redriveFailed(company);
    }

    private static long id(String segment, String what) {
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            throw ErrorCode.NOT_FOUND.exception("No such " + what + ".");
        }
    }
}
