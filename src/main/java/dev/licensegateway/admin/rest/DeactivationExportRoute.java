package dev.licensegateway.admin.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.admin.model.DeactivationEvent;
import dev.licensegateway.admin.service.ExportFormat;
import dev.licensegateway.admin.store.DeactivationExport;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /admin/v1/companies/{company}/deactivations/export?from=&to=&format=ndjson|csv}: the audit events
 * of a time range, streamed from a database cursor to the socket with back-pressure (the cursor pauses while
 * the client is slow), so any number of rows costs constant memory. A plain Vert.x route, ahead of JAX-RS.
 */
@ApplicationScoped
public class DeactivationExportRoute {

    private final AdminToken token;
    private final Pool pool;
    private final ObjectMapper json;

    public DeactivationExportRoute(AdminToken token, Pool pool, ObjectMapper json) {
        this.token = token;
        this.pool = pool;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.getWithRegex("/admin/v1/companies/([^/]+)/deactivations/export").order(-100).handler(this::export);
    }

    private void export(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        Optional<ApiException> denied = token.check(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (denied.isPresent()) {
            if (denied.get().code().status() == 401) {
                response.putHeader("WWW-Authenticate", "Bearer");
            }
            Failures.write(response, denied.get());
            return;
        }
        ExportFormat format;
        OffsetDateTime from;
        OffsetDateTime to;
        try {
            format = ExportFormat.parse(request.getParam("format"));
            from = time("from", request.getParam("from"));
            to = time("to", request.getParam("to"));
        } catch (ApiException e) {
            Failures.write(response, e);
            return;
        }
        String company = context.pathParam("param0");
        Function<DeactivationEvent, String> line = format.writer(json);
        DeactivationExport.open(pool, company, from, to).onComplete(opened -> {
            if (opened.failed()) {
                Failures.write(response, Failures.classify(opened.cause()));
                return;
            }
            DeactivationExport export = opened.result();
            response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, format.mediaType())
                    .putHeader("Content-Disposition", "attachment; filename=\"" + company + "-deactivations."
                            + format.name().toLowerCase() + "\"");
            if (format.header() != null) {
                response.write(format.header());
            }
            response.drainHandler(drained -> export.resume());
            response.closeHandler(closed -> {
                if (!response.ended()) {
                    export.close();
                }
            });
            export.start(event -> {
                response.write(line.apply(event));
                if (response.writeQueueFull()) {
                    export.pause();
                }
            }, failure -> {
                if (failure == null) {
                    response.end();
                } else {
                    // Rows are on the wire already: cut the stream so the client sees an incomplete export.
                    Failures.write(response, Failures.classify(failure));
                }
            });
        });
    }

    private static OffsetDateTime time(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ErrorCode.VALIDATION_ERROR.exception(name + ": must be an ISO-8601 date-time such as 2030-01-01T00:00:00Z");
        }
    }
}
