package dev.licensegateway.http;

import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /portal}: the operator's Offline Portal, plain files from {@code src/main/resources/portal},
 * served from a fixed list (no path from the request ever reaches the class path) with the headers that
 * keep the page to itself: a Content-Security-Policy allowing nothing but this origin's own scripts and
 * styles (no inline code, so an injected value cannot run), no framing, no content sniffing, no caching.
 */
@ApplicationScoped
public class PortalRoute {

    public static final String PATH = "/portal";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /** Every file of the page, by the name it is served under, with its media type. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "portal.css", "text/css; charset=utf-8",
            "portal.js", "text/javascript; charset=utf-8",
            "credential.js", "text/javascript; charset=utf-8",
            "upload.js", "text/javascript; charset=utf-8",
            "results.js", "text/javascript; charset=utf-8",
            "lookup.js", "text/javascript; charset=utf-8");

    private final Map<String, Buffer> contents = new LinkedHashMap<>();

    public PortalRoute() {
        FILES.keySet().forEach(name -> contents.put(name, load(name)));
    }

    void register(@Observes Router router) {
        router.route(PATH).order(-100).handler(context -> serve(context, "index.html"));
        router.route(PATH + "/").order(-100).handler(context -> serve(context, "index.html"));
        router.routeWithRegex(PATH + "/([a-z]+\\.(?:html|css|js))").order(-100)
                .handler(context -> serve(context, context.pathParam("param0")));
    }

    private void serve(RoutingContext context, String name) {
        HttpMethod method = context.request().method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            Failures.write(context.response(), ErrorCode.METHOD_NOT_ALLOWED.exception());
            return;
        }
        Buffer content = contents.get(name);
        if (content == null) {
            Failures.write(context.response(), ErrorCode.NOT_FOUND.exception());
            return;
        }
        context.response()
                .putHeader("Content-Type", FILES.get(name))
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cache-Control", "no-store");
        if (method == HttpMethod.HEAD) {
            context.response().putHeader("Content-Length", String.valueOf(content.length())).end();
        } else {
            context.response().end(content);
        }
    }

    private static Buffer load(String name) {
        try (InputStream in = PortalRoute.class.getClassLoader().getResourceAsStream("portal/" + name)) {
            if (in == null) {
                throw new IllegalStateException("portal/" + name + " is missing from the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
