package dev.licensegateway.http;

import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The last word on every path: unknown paths answer 404 {@code not_found}, and any failure that reached
 * the router (a body over Quarkus' own limits, a handler fault) answers in the one error shape instead of
 * Quarkus' default page, which would show a stack trace in dev and test mode.
 */
@ApplicationScoped
public class FallbackRoutes {

    void register(@Observes Router router) {
        router.route().order(-1000).failureHandler(FallbackRoutes::failure);
        router.route(DeactivateOfflineRoute.PATH).order(-99).handler(context ->
                Failures.write(context.response(), ErrorCode.METHOD_NOT_ALLOWED.exception()));
        router.route(BatchRoute.PATH).order(-99).handler(context ->
                Failures.write(context.response(), ErrorCode.METHOD_NOT_ALLOWED.exception()));
        router.route().last().handler(context ->
                Failures.write(context.response(), ErrorCode.NOT_FOUND.exception()));
    }

    private static void failure(RoutingContext context) {
        ApiException error = switch (context.statusCode()) {
            case 404 -> ErrorCode.NOT_FOUND.exception();
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED.exception();
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.exception();
            case 400 -> ErrorCode.VALIDATION_ERROR.exception("The request could not be read.");
            default -> Failures.classify(context.failure() != null ? context.failure()
                    : new IllegalStateException("router failure " + context.statusCode()));
        };
        Failures.write(context.response(), error);
    }
}
