package dev.licensegateway.http;

import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.verify.RequestHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** What the License API routes share: reading the headers they verify, and answering a failure. */
final class Exchanges {

    private Exchanges() {
    }

    static RequestHeaders headers(HttpServerRequest request) {
        return new RequestHeaders(request.getHeader("Date"), request.getHeader("Authorization"),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
    }

    /**
     * Writes the error. A body refused as too large, or given up on, was not read to its end: the answer
     * closes the connection, so the rest of it cannot keep the connection busy.
     */
    static void fail(HttpServerRequest request, HttpServerResponse response, ApiException error) {
        boolean unread = error.code() == ErrorCode.PAYLOAD_TOO_LARGE || error.code() == ErrorCode.REQUEST_TIMEOUT;
        if (unread && !request.isEnded()) {
            response.putHeader("Connection", "close");
            response.endHandler(ignored -> request.connection().close());
        }
        Failures.write(response, error);
    }
}
