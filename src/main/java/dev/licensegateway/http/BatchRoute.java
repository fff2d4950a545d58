package dev.licensegateway.http;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.deactivation.BatchChunks;
import dev.licensegateway.deactivation.ItemResult;
import dev.licensegateway.deactivation.Outcome;
import dev.licensegateway.decode.BatchFile;
import dev.licensegateway.decode.BodyReader;
import dev.licensegateway.decode.BatchStream;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.verify.RequestHeaders;
import dev.licensegateway.verify.RequestVerifier;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /api/v4/deactivate_offline/batch}: HTTP in, NDJSON out. The caller is authenticated from the
 * headers (and the declared length checked) before a byte of the body is read; a refusal is answered at once
 * and closes the connection. The body is then streamed into chunks ({@link BatchStream}); each chunk goes to
 * {@link BatchChunks}, which judges every file as the single endpoint would, and its answers are written as
 * they complete. The next chunk is read only when the previous answers have drained to the client.
 */
@ApplicationScoped
public class BatchRoute {

    public static final String PATH = DeactivateOfflineRoute.PATH + "/batch";
    static final String ENDPOINT = "deactivate_offline_batch";

    private final RequestVerifier verifier;
    private final BatchChunks batches;
    private final RequestObserver observer;
    private final BatchStream.Limits limits;
    private final int chunkSize;
    private final Duration readTimeout;

    public BatchRoute(RequestVerifier verifier, BatchChunks batches, RequestObserver observer, GatewayConfig config) {
        this.verifier = verifier;
        this.batches = batches;
        this.observer = observer;
        this.limits = new BatchStream.Limits(config.batch().maxBodySize().asLongValue(), config.batch().maxItems(),
                config.request().maxBodySize().asLongValue());
        this.chunkSize = config.batch().chunkSize();
        this.readTimeout = config.request().readTimeout();
    }

    void register(@Observes Router router) {
        router.post(PATH).order(-101).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        long start = System.nanoTime();
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        request.pause();
        if (BodyReader.contentLength(request) > limits.maxBytes()) {
            refuse(request, response, ErrorCode.PAYLOAD_TOO_LARGE.exception(
                    "The batch body is larger than " + limits.maxBytes() + " bytes."), start);
            return;
        }
        RequestHeaders headers = Exchanges.headers(request);
        verifier.authenticate(headers).subscribe().with(
                caller -> new Stream(batches.start(caller, headers.sourceIp()), request, response, start)
                        .read(context),
                failure -> refuse(request, response, Failures.classify(failure), start));
    }

    /** Answers before the body was read, and closes the connection so that its body is never read. */
    private void refuse(HttpServerRequest request, HttpServerResponse response, ApiException error, long start) {
        if (!request.isEnded()) {
            response.putHeader("Connection", "close");
            response.endHandler(ignored -> request.connection().close());
        }
        Failures.write(response, error);
        observer.finished(ENDPOINT, error.code().code(), error.code().status(), null, null, start);
    }

    /** One authenticated batch being read and answered, chunk after chunk. */
    private final class Stream implements BatchStream.Sink {
        private final BatchChunks.Run run;
        private final HttpServerRequest request;
        private final HttpServerResponse response;
        private final long start;

        Stream(BatchChunks.Run run, HttpServerRequest request, HttpServerResponse response, long start) {
            this.run = run;
            this.request = request;
            this.response = response;
            this.start = start;
        }

        void read(RoutingContext context) {
            BatchStream.read(request, context.vertx(), limits, chunkSize, readTimeout, this);
        }

        @Override
        public void chunk(List<BatchFile> files, boolean last, Runnable more) {
            if (response.closed()) {
                return; // The client went away: stop working for nobody.
            }
            batches.process(run, files).subscribe().with(results -> {
                if (!response.headWritten()) {
                    response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/x-ndjson");
                }
                results.forEach(this::write);
                if (last) {
                    response.end();
                    observer.finished(ENDPOINT, "completed", 200, run.companyId(), null, start);
                } else if (response.writeQueueFull()) {
                    response.drainHandler(ignored -> more.run());
                } else {
                    more.run();
                }
            }, this::failed);
        }

        /**
         * Before any answer: the documented error. After some: a last line without index says why the rest
         * was not read, and the connection is closed (the status line was 200 already).
         */
        @Override
        public void failed(Throwable failure) {
            ApiException error = Failures.classify(failure);
            if (!response.headWritten()) {
                Exchanges.fail(request, response, error);
                observer.finished(ENDPOINT, error.code().code(), error.code().status(), run.companyId(), null, start);
                return;
            }
            response.write(error.body().toBuffer().appendString("\n"));
            response.end();
            request.connection().close();
            observer.finished(ENDPOINT, error.code().code(), 200, run.companyId(), null, start);
        }

        private void write(ItemResult result) {
            JsonObject line = new JsonObject().put("index", result.index());
            if (result.requestId() != null) {
                line.put("request_id", result.requestId());
            }
            if (result.error() == null) {
                line.put("status", 200).put("result", DeactivateOfflineRoute.DEACTIVATED);
                observer.batchItem(result.outcome() == Outcome.REPLAYED ? "replayed" : "deactivated");
            } else {
                line.put("status", result.error().code().status()).put("code", result.error().code().code())
                        .put("message", result.error().getMessage());
                observer.batchItem(result.error().code().code());
            }
            response.write(line.toBuffer().appendString("\n"));
        }
    }
}
