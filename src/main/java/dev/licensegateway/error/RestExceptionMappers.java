package dev.licensegateway.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure of the JAX-RS endpoints (the admin API) to the one error shape. */
public class RestExceptionMappers {

    @ServerExceptionMapper
    public Response apiException(ApiException error) {
        return toResponse(error);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException error) {
        return toResponse(ErrorCode.INVALID_JSON.exception("The body is not valid JSON for this endpoint."));
    }

    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException error) {
        int status = error.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 401, 403 -> ErrorCode.UNAUTHORIZED;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_ERROR;
        };
        return toResponse(code.exception());
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response anyFailure(Throwable error) {
        return toResponse(Failures.classify(error));
    }

    public static Response toResponse(ApiException error) {
        Response.ResponseBuilder builder = Response.status(error.code().status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error.body());
        if (error.code() == ErrorCode.SERVICE_UNAVAILABLE || error.code() == ErrorCode.RATE_LIMITED) {
            builder.header("Retry-After", Failures.RETRY_AFTER_SECONDS);
        }
        return builder.build();
    }
}
