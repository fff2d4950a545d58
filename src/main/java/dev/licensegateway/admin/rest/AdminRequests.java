package dev.licensegateway.admin.rest;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.service.StrictJson;
import io.vertx.core.http.HttpServerRequest;

/** What every admin resource takes from a request: the actor for the audit, and a strictly read body. */
final class AdminRequests {

    private AdminRequests() {
    }

    static AdminActor actor(HttpServerRequest request) {
        return AdminActor.of(request.getHeader(AdminActor.HEADER),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
    }

    /** An optional JSON body (empty is {@code empty}), read with the import's strict rules and field errors. */
    static <T> T body(byte[] json, Class<T> type, T empty) {
        if (json == null || json.length == 0) {
            return empty;
        }
        return StrictJson.read(json, type, "");
    }
}
