package dev.licensegateway.fuzz;

import dev.licensegateway.decode.BodyReader;
import dev.licensegateway.decode.PayloadParser;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's body path without the rest of the application: a Vert.x server on loopback whose one
 * handler streams the body through {@link BodyReader} (with a one-second read timeout), finishes the base64
 * and parses the file, and answers a documented error or {@code 200 parsed}. Anything that is not an {@link ApiException} is recorded in
 * {@link #unexpected()}: that is what would have reached a client as a 500.
 */
public final class BodyReaderServer implements AutoCloseable {

    public static final long LIMIT = 64 * 1024;
    /** Short, so that a body that never ends costs the fuzzer a second, not the gateway's minute. */
    public static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(1);

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();

    public BodyReaderServer() {
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                    .requestHandler(this::handle)
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("could not start the BodyReader server", e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** Failures that were not a documented error, in the order they happened. */
    public List<Throwable> unexpected() {
        return unexpected;
    }

    private void handle(HttpServerRequest request) {
        BodyReader.read(request, LIMIT, READ_TIMEOUT).subscribe().with(
                decoder -> {
                    try {
                        PayloadParser.parse(decoder.finish());
                        request.response().putHeader("Content-Type", "text/plain").end("parsed");
                    } catch (ApiException e) {
                        answer(request, e);
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                        answer(request, ErrorCode.INTERNAL_ERROR.exception());
                    }
                },
                failure -> {
                    if (!(failure instanceof ApiException)) {
                        unexpected.add(failure);
                    }
                    answer(request, Failures.classify(failure));
                });
    }

    private static void answer(HttpServerRequest request, ApiException error) {
        if (!request.isEnded()) {
            // As the route does for 413: answer now and close, the rest of the body is not read.
            request.response().putHeader("Connection", "close");
            request.response().endHandler(ignored -> request.connection().close());
        }
        Failures.write(request.response(), error);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
