package dev.licensegateway.admin.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.licensegateway.admin.service.CredentialAdmin;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Key rotation and revocation: {@code /admin/v1/companies/{company}/shared-keys}, {@code /api-keys},
 * {@code /oauth-clients}. POST adds (a secret left out is generated and returned once), DELETE revokes.
 */
@Path("/admin/v1/companies/{company}")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialResource {

    private final CredentialAdmin credentials;

    public CredentialResource(CredentialAdmin credentials) {
        this.credentials = credentials;
    }

    /** Body of a new shared key: both fields optional. */
    public record NewSharedKey(@JsonProperty("key") String key, @JsonProperty("not_after") OffsetDateTime notAfter) {
        @Override
        public String toString() {
            return "NewSharedKey[notAfter=" + notAfter + "]";
        }
    }

    /** Body of a new API key: the key is optional. */
    public record NewApiKey(@JsonProperty("key") String key) {
    }

    /** Body of a new OAuth client: both fields optional. */
    public record NewOAuthClient(@JsonProperty("client_id") String clientId,
                                 @JsonProperty("client_secret") String clientSecret) {
        @Override
        public String toString() {
            return "NewOAuthClient[clientId=" + clientId + "]";
        }
    }

    @POST
    @Path("/shared-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addSharedKey(@RestPath String company, NewSharedKey body, @Context HttpServerRequest http) {
        NewSharedKey request = body == null ? new NewSharedKey(null, null) : body;
        return credentials.addSharedKey(AdminRequests.actor(http), company, request.key(), request.notAfter()).map(CredentialResource::created);
    }

    @GET
    @Path("/shared-keys")
    public Uni<List<CredentialAdmin.SharedKeyView>> sharedKeys(@RestPath String company) {
        return credentials.sharedKeys(company);
    }

    @DELETE
    @Path("/shared-keys/{id}")
    public Uni<Response> revokeSharedKey(@RestPath String company, @RestPath String id, @Context HttpServerRequest http) {
        long sharedKeyId;
        try {
            sharedKeyId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ErrorCode.NOT_FOUND.exception("No such shared key.");
        }
        return credentials.revokeSharedKey(AdminRequests.actor(http), company, sharedKeyId).map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/api-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addApiKey(@RestPath String company, NewApiKey body, @Context HttpServerRequest http) {
        return credentials.addApiKey(AdminRequests.actor(http), company, body == null ? null : body.key()).map(CredentialResource::created);
    }

    @GET
    @Path("/api-keys")
    public Uni<List<CredentialAdmin.ApiKeyView>> apiKeys(@RestPath String company) {
        return credentials.apiKeys(company);
    }

    /** By the key's identifier ({@code key_id}, e.g. {@code ak_3f1c9b2e0a4d7c55}): the key itself never goes in a URL. */
    @DELETE
    @Path("/api-keys/{keyId}")
    public Uni<Response> revokeApiKey(@RestPath String company, @RestPath String keyId, @Context HttpServerRequest http) {
        return credentials.revokeApiKey(AdminRequests.actor(http), company, keyId).map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/oauth-clients")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addOAuthClient(@RestPath String company, NewOAuthClient body, @Context HttpServerRequest http) {
        NewOAuthClient request = body == null ? new NewOAuthClient(null, null) : body;
        return credentials.addOAuthClient(AdminRequests.actor(http), company, request.clientId(), request.clientSecret())
                .map(CredentialResource::created);
    }

    @DELETE
    @Path("/oauth-clients/{clientId}")
    public Uni<Response> revokeOAuthClient(@RestPath String company, @RestPath String clientId, @Context HttpServerRequest http) {
        return credentials.revokeOAuthClient(AdminRequests.actor(http), company, clientId).map(ignored -> Response.noContent().build());
    }

    private static Response created(Object body) {
        return Response.status(Response.Status.CREATED).entity(body).build();
    }
}
