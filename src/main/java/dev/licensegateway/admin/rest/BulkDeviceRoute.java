package dev.licensegateway.admin.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.admin.model.BulkLoadResult;
import dev.licensegateway.admin.service.BulkDeviceLoader;
import dev.licensegateway.admin.service.BulkUpload;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.Failures;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * {@code POST /admin/v1/companies/{company}/devices:bulk}: NDJSON device lines streamed straight from the
 * socket into batched inserts. A plain Vert.x route rather than a JAX-RS resource, so that the body is
 * never buffered whole (nor held to the JAX-RS body size limit): a million lines are ~80 MB.
 */
@ApplicationScoped
public class BulkDeviceRoute {

    private final AdminToken token;
    private final BulkDeviceLoader loader;
    private final ObjectMapper json;

    public BulkDeviceRoute(AdminToken token, BulkDeviceLoader loader, ObjectMapper json) {
        this.token = token;
        this.loader = loader;
        this.json = json;
    }

    void register(@Observes Router router) {
        // Ahead of the JAX-RS routes, which would otherwise read the body first. Some clients send the
        // colon percent-encoded.
        router.postWithRegex("/admin/v1/companies/([^/]+)/devices(?::|%3A|%3a)bulk").order(-100).handler(this::load);
    }

    private void load(RoutingContext context) {
        HttpServerRequest request = context.request();
        Optional<ApiException> denied = token.check(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (denied.isPresent()) {
            if (denied.get().code().status() == 401) {
                context.response().putHeader("WWW-Authenticate", "Bearer");
            }
            fail(request, denied.get());
            return;
        }
        request.pause();
        RecordParser lines = RecordParser.newDelimited("\n", request)
                .maxRecordSize(BulkUpload.MAX_LINE_BYTES);
        loader.start(context.pathParam("param0"), request.getParam("mode"), AdminRequests.actor(request), lines::pause,
                        lines::resume)
                .onComplete(started -> {
            if (started.failed()) {
                fail(request, Failures.classify(started.cause()));
                return;
            }
            BulkUpload upload = started.result();
            // The parser's only failure of its own is a line over the limit; the rest are the socket's.
            lines.exceptionHandler(e -> upload.fail(e instanceof IllegalStateException
                    ? upload.lineTooLong() : e));
            lines.endHandler(ended -> upload.end());
            lines.handler(upload::line);
            request.resume();
            upload.result().onComplete(done -> {
                if (done.succeeded()) {
                    succeed(request.response(), done.result());
                } else {
                    fail(request, Failures.classify(done.cause()));
                }
            });
        });
    }

    private void succeed(HttpServerResponse response, BulkLoadResult result) {
        try {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            Failures.write(response, Failures.classify(e));
        }
    }

    /** Answers the error; an upload cut short is not read to its end: the connection closes instead. */
    private static void fail(HttpServerRequest request, ApiException error) {
        if (!request.isEnded()) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        Failures.write(request.response(), error);
    }
}
