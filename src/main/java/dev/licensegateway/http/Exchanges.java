package dev.licensegateway.http;

import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.verify.RequestHeaders;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
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

    /** How long, and how many bytes, a refused body is still read and dropped before its connection closes. */
    private static final long LINGER_MILLIS = 1_000;
    private static final long LINGER_BYTES = 1024 * 1024;

    /**
     * Writes the error. A body refused as too large, or given up on, was not read to its end: the answer
     * closes the connection, so the rest of it cannot keep the connection busy. A refused body is first read
     * and dropped for a moment (as nginx's lingering close does): closing a socket with unread bytes makes the
     * kernel reset it, and the reset can destroy the answer before the client has read it.
     */
    static void fail(HttpServerRequest request, HttpServerResponse response, ApiException error) {
        boolean unread = error.code() == ErrorCode.PAYLOAD_TOO_LARGE || error.code() == ErrorCode.REQUEST_TIMEOUT;
        if (unread && !request.isEnded()) {
            response.putHeader("Connection", "close");
            io.vertx.core.Context context = Vertx.currentContext();
            if (error.code() == ErrorCode.PAYLOAD_TOO_LARGE && context != null) {
                response.endHandler(ignored -> linger(context.owner(), request));
            } else {
                response.endHandler(ignored -> request.connection().close());
            }
        }
        Failures.write(response, error);
    }

    private static void linger(Vertx vertx, HttpServerRequest request) {
        HttpConnection connection = request.connection();
        vertx.setTimer(LINGER_MILLIS, id -> connection.close());
        long[] dropped = {0};
        request.exceptionHandler(ignored -> { });
        request.endHandler(ignored -> connection.close());
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                connection.close();
            }
        });
        request.resume();
    }
}
