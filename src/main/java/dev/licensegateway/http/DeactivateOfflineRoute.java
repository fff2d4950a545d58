package dev.licensegateway.http;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.deactivation.DeactivationService;
import dev.licensegateway.deactivation.Outcome;
import dev.licensegateway.decode.BodyReader;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.store.TimeSplit;
import dev.licensegateway.verify.RequestHeaders;
import dev.licensegateway.verify.RequestVerifier;
import dev.licensegateway.verify.VerifiedRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * {@code POST /api/v4/deactivate_offline}: HTTP in, answer out. Thin on purpose: the body is streamed into
 * the decoder, the verifier proves the file, the service applies it; failures leave through
 * {@link Failures}. A Vert.x route rather than a JAX-RS resource, so the body is consumed chunk by chunk
 * on the event loop and never buffered whole.
 */
@ApplicationScoped
public class DeactivateOfflineRoute {

    public static final String PATH = "/api/v4/deactivate_offline";
    static final String ENDPOINT = "deactivate_offline";
    static final String DEACTIVATED = "license_deactivated";

    private final RequestVerifier verifier;
    private final DeactivationService service;
    private final RequestObserver observer;
    private final long maxBodyBytes;
    private final Duration deadline;
    private final Duration readTimeout;

    public DeactivateOfflineRoute(RequestVerifier verifier, DeactivationService service, RequestObserver observer,
                                  GatewayConfig config) {
        this.verifier = verifier;
        this.service = service;
        this.observer = observer;
        this.maxBodyBytes = config.request().maxBodySize().asLongValue();
        this.deadline = config.request().deadline();
        this.readTimeout = config.request().readTimeout();
    }

    void register(@Observes Router router) {
        router.post(PATH).order(-100).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        long start = System.nanoTime();
        TimeSplit split = new TimeSplit(start);
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        RequestHeaders headers = Exchanges.headers(request);
        VerifiedRequest[] verified = new VerifiedRequest[1];
        BodyReader.read(request, maxBodyBytes, readTimeout)
                .invoke(split::bodyRead)
                .flatMap(decoder -> verifier.verify(headers, decoder::finish)
                        .invoke(v -> {
                            split.verified();
                            verified[0] = v;
                        })
                        .flatMap(v -> service.deactivate(v, headers.sourceIp(), split))
                        // Past the deadline the client is told to retry; a transaction still running either
                        // commits (the retry is then a replay) or rolls back (the retry applies it).
                        .ifNoItem().after(deadline).failWith(() -> ErrorCode.SERVICE_UNAVAILABLE.exception(
                                "The request did not complete in time; retry it.")))
                .subscribe().with(
                        outcome -> {
                            response.putHeader("Content-Type", "text/plain").end(DEACTIVATED);
                            observer.finished(ENDPOINT, outcome == Outcome.REPLAYED ? "replayed" : "deactivated", 200,
                                    verified[0].companyId(), verified[0].payload().requestId(), start, split);
                        },
                        failure -> {
                            ApiException error = Failures.classify(failure);
                            Exchanges.fail(request, response, error);
                            VerifiedRequest v = verified[0];
                            observer.finished(ENDPOINT, error.code().code(), error.code().status(),
                                    v == null ? null : v.companyId(), v == null ? null : v.payload().requestId(), start,
                                    split);
                        });
    }
}
