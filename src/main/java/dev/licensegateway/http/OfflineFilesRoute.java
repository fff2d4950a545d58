package dev.licensegateway.http;

import dev.licensegateway.admin.rest.AdminToken;
import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.deactivation.Outcome;
import dev.licensegateway.decode.BatchStream;
import dev.licensegateway.decode.NamedFile;
import dev.licensegateway.decode.NamedFilesReader;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /admin/v1/offline-files}: the operator's upload (the portal's, or a script's). The operator
 * is proven by the admin bearer token in the Authorization header (never a cookie, so a page elsewhere
 * cannot make a browser send it: CSRF-proof by construction); each file is proven by its own signatures
 * and applied by the License API's decision core ({@link UploadChunk}). Results stream back as NDJSON,
 * one line per file with what the portal's table shows; the next chunk starts only when the previous
 * results have drained to the client.
 */
@ApplicationScoped
public class OfflineFilesRoute {

    public static final String PATH = "/admin/v1/offline-files";
    static final String ENDPOINT = "admin_offline_files";

    private final AdminToken token;
    private final UploadChunk chunks;
    private final RequestObserver observer;
    private final BatchStream.Limits limits;
    private final int chunkSize;
    private final Duration deadline;
    private final Duration readTimeout;

    public OfflineFilesRoute(AdminToken token, UploadChunk chunks, RequestObserver observer, GatewayConfig config) {
        this.token = token;
        this.chunks = chunks;
        this.observer = observer;
        this.limits = new BatchStream.Limits(config.batch().maxBodySize().asLongValue(), config.batch().maxItems(),
                config.request().maxBodySize().asLongValue());
        this.chunkSize = config.batch().chunkSize();
        this.deadline = config.request().deadline();
        this.readTimeout = config.request().readTimeout();
    }

    void register(@Observes Router router) {
        // Ahead of the JAX-RS routes, which would otherwise read the body first.
        router.post(PATH).order(-100).handler(this::handle);
        router.route(PATH).order(-99).handler(context ->
                Failures.write(context.response(), ErrorCode.METHOD_NOT_ALLOWED.exception()));
    }

    private void handle(RoutingContext context) {
        long start = System.nanoTime();
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        Optional<ApiException> denied = token.check(request.getHeader("Authorization"));
        if (denied.isPresent()) {
            if (denied.get().code().status() == 401) {
                response.putHeader("WWW-Authenticate", "Bearer");
            }
            response.putHeader("Connection", "close");
            Failures.write(response, denied.get());
            observer.finished(ENDPOINT, denied.get().code().code(), denied.get().code().status(), null, null, start);
            return;
        }
        String sourceIp = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        NamedFilesReader.read(request, limits)
                .ifNoItem().after(readTimeout).failWith(ErrorCode.REQUEST_TIMEOUT::exception)
                .subscribe().with(
                        files -> {
                            response.setChunked(true).setStatusCode(200)
                                    .putHeader("Content-Type", "application/x-ndjson")
                                    .putHeader("Cache-Control", "no-store");
                            new Run(files, sourceIp, response, start).next(0);
                        },
                        failure -> {
                            ApiException error = Failures.classify(failure);
                            Exchanges.fail(request, response, error);
                            observer.finished(ENDPOINT, error.code().code(), error.code().status(), null, null, start);
                        });
    }

    /** One upload being worked through, chunk after chunk. */
    private final class Run {
        private final List<NamedFile> files;
        private final String sourceIp;
        private final HttpServerResponse response;
        private final long start;

        Run(List<NamedFile> files, String sourceIp, HttpServerResponse response, long start) {
            this.files = files;
            this.sourceIp = sourceIp;
            this.response = response;
            this.start = start;
        }

        void next(int from) {
            if (response.closed()) {
                return; // The operator went away (closed the page): stop working for nobody.
            }
            if (from >= files.size()) {
                response.end();
                observer.finished(ENDPOINT, "completed", 200, null, null, start);
                return;
            }
            List<NamedFile> chunk = files.subList(from, Math.min(from + chunkSize, files.size()));
            chunks.process(chunk, sourceIp, deadline).subscribe().with(results -> {
                for (UploadedFile file : results) {
                    observer.batchItem(file.error != null ? file.error.code().code()
                            : file.outcome == Outcome.REPLAYED ? "replayed" : "deactivated");
                    response.write(file.toJson().toBuffer().appendString("\n"));
                }
                if (response.writeQueueFull()) {
                    response.drainHandler(ignored -> next(from + chunk.size()));
                } else {
                    next(from + chunk.size());
                }
            }, failure -> {
                // The worker pool is full, or a fault of this code: this chunk is answered as such (503 is
                // worth a retry), the next ones still get their chance.
                for (NamedFile file : chunk) {
                    UploadedFile failed = new UploadedFile(file);
                    failed.fail(failure);
                    response.write(failed.toJson().toBuffer().appendString("\n"));
                }
                next(from + chunk.size());
            });
        }
    }
}
