package dev.licensegateway.http;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.deactivation.DeactivationService;
import dev.licensegateway.decode.BodyReader;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.verify.RequestHeaders;
import dev.licensegateway.verify.RequestVerifier;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code POST /api/v4/deactivate_offline}: HTTP in, answer out. Thin on purpose: the body is streamed into
 * the decoder, the verifier proves the file, the service applies it; failures leave through
 * {@link Failures}. A Vert.x route rather than a JAX-RS resource, so the body is consumed chunk by chunk
 * on the event loop and never buffered whole.
 */
@ApplicationScoped
public class DeactivateOfflineRoute {

    public static final String PATH = "/api/v4/deactivate_offline";
    static final String DEACTIVATED = "license_deactivated";

    private final RequestVerifier verifier;
    private final DeactivationService service;
    private final long maxBodyBytes;

    public DeactivateOfflineRoute(RequestVerifier verifier, DeactivationService service, GatewayConfig config) {
        this.verifier = verifier;
        this.service = service;
        this.maxBodyBytes = config.request().maxBodySize().asLongValue();
    }

    void register(@Observes Router router) {
        router.post(PATH).order(-100).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        RequestHeaders headers = new RequestHeaders(request.getHeader("Date"), request.getHeader("Authorization"),
                sourceIp(request));
        BodyReader.read(request, maxBodyBytes)
                .flatMap(decoder -> verifier.verify(headers, decoder::finish))
                .flatMap(verified -> service.deactivate(verified, headers.sourceIp()))
                .subscribe().with(
                        outcome -> response.putHeader("Content-Type", "text/plain").end(DEACTIVATED),
                        failure -> fail(request, response, Failures.classify(failure)));
    }

    private static void fail(HttpServerRequest request, HttpServerResponse response, ApiException error) {
        if (error.code() == ErrorCode.PAYLOAD_TOO_LARGE) {
            // The rest of the body is not read: answer now and close, so it cannot keep the connection busy.
            response.putHeader("Connection", "close");
            Failures.write(response, error);
            response.close();
            return;
        }
        Failures.write(response, error);
    }

    private static String sourceIp(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
