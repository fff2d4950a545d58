package dev.licensegateway.admin.rest;

import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.RestExceptionMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every JAX-RS request under {@code /admin} with the {@link AdminToken}. Pre-matching, so that
 * without the token even unknown admin paths answer 401, not 404: the API's shape is not probed.
 */
public class AdminAuthFilter {

    private final AdminToken token;

    public AdminAuthFilter(AdminToken token) {
        this.token = token;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireAdminToken(ContainerRequestContext request) {
        if (!AdminToken.protects(request.getUriInfo().getPath())) {
            return Optional.empty();
        }
        return token.check(request.getHeaderString(HttpHeaders.AUTHORIZATION)).map(AdminAuthFilter::reject);
    }

    static Response reject(ApiException error) {
        Response response = RestExceptionMappers.toResponse(error);
        if (response.getStatus() == 401) {
            return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        return response;
    }
}
