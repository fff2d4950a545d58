package dev.licensegateway.http;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.error.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The base URL that {@code oauth_url} names, where the vendor's SDK then posts its client secret: the
 * configured {@code gateway.oauth.public-url}, or else the request's own scheme and host (as
 * {@code quarkus.http.proxy.*} leaves them after applying the forwarded headers it trusts) only when that
 * host is in {@code gateway.oauth.allowed-hosts}. A forged {@code Host} is refused, never echoed.
 */
final class OAuthBaseUrl {

    private final Optional<String> publicUrl;
    private final List<String> allowedHosts;

    OAuthBaseUrl(GatewayConfig.OAuth config) {
        this.publicUrl = config.publicUrl().filter(url -> !url.isBlank()).map(OAuthBaseUrl::stripSlash);
        this.allowedHosts = config.allowedHosts().orElse(List.of()).stream()
                .map(String::trim).filter(host -> !host.isEmpty()).map(host -> host.toLowerCase(Locale.ROOT)).toList();
    }

    /** The base URL without a trailing slash, or a 400 validation_error for a host that is not allowed. */
    String resolve(HttpServerRequest request) {
        if (publicUrl.isPresent()) {
            return publicUrl.get();
        }
        HostAndPort authority = request.authority();
        if (authority == null || !allowed(authority)) {
            throw ErrorCode.VALIDATION_ERROR.exception("The request's host is not one this gateway answers oauth_url for;"
                    + " the operator sets gateway.oauth.public-url (or gateway.oauth.allowed-hosts).");
        }
        String scheme = "https".equalsIgnoreCase(request.scheme()) ? "https" : "http";
        return scheme + "://" + authority;
    }

    /** An entry {@code host} allows the host on any port; {@code host:port} only on that port. */
    private boolean allowed(HostAndPort authority) {
        String host = authority.host().toLowerCase(Locale.ROOT);
        String withPort = authority.port() >= 0 ? host + ":" + authority.port() : host;
        return allowedHosts.contains(host) || allowedHosts.contains(withPort);
    }

    private static String stripSlash(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
