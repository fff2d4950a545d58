package dev.licensegateway.http;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.decode.MultipartType;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.verify.ClientAuthenticator;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * OAuth as the vendor's SDK drives it: {@code GET /api/v4/oauth_url?login_type=client_credentials} names
 * the token endpoint, and {@code POST /api/v4/oauth/token} takes the client-credentials grant as form fields
 * (or HTTP Basic) and answers {@code {access_token, expires_in, token_type}}.
 */
@ApplicationScoped
public class OAuthRoutes {

    public static final String URL_PATH = "/api/v4/oauth_url";
    public static final String TOKEN_PATH = "/api/v4/oauth/token";
    /** A token request is a few form fields; anything larger is not one. */
    private static final int MAX_FORM_BYTES = 8 * 1024;

    private final ClientAuthenticator clients;
    private final OAuthBaseUrl baseUrl;

    public OAuthRoutes(ClientAuthenticator clients, GatewayConfig config) {
        this.clients = clients;
        this.baseUrl = new OAuthBaseUrl(config.oauth());
    }

    void register(@Observes Router router) {
        router.get(URL_PATH).order(-100).handler(this::oauthUrl);
        router.post(TOKEN_PATH).order(-100).handler(this::token);
    }

    private void oauthUrl(RoutingContext context) {
        // The answer names where a client secret goes: no cache may keep it and hand it to someone else.
        context.response().putHeader("Cache-Control", "no-store");
        String loginType = context.request().getParam("login_type");
        if (!"client_credentials".equals(loginType)) {
            Failures.write(context.response(), ErrorCode.VALIDATION_ERROR.exception(
                    "Query parameter 'login_type' must be client_credentials."));
            return;
        }
        String base;
        try {
            base = baseUrl.resolve(context.request());
        } catch (ApiException e) {
            Failures.write(context.response(), e);
            return;
        }
        context.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("url", base + TOKEN_PATH).toBuffer());
    }

    private void token(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (declaredLength(request.getHeader("Content-Length")) > MAX_FORM_BYTES) {
            Failures.write(context.response(), ErrorCode.PAYLOAD_TOO_LARGE.exception());
            return;
        }
        long[] received = {0};
        MultipartType.expect(request);
        request.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > MAX_FORM_BYTES && !context.response().ended()) {
                // A chunked form has no Content-Length to refuse up front: answered here, and the connection
                // closes once the answer is out, so the rest of the body is never read.
                Exchanges.fail(request, context.response(), ErrorCode.PAYLOAD_TOO_LARGE.exception());
            }
        });
        request.endHandler(ended -> {
            if (context.response().ended()) {
                return;
            }
            String grantType = request.getFormAttribute("grant_type");
            if (!"client_credentials".equals(grantType)) {
                Failures.write(context.response(), ErrorCode.UNSUPPORTED_GRANT_TYPE.exception());
                return;
            }
            String[] basic = basic(request.getHeader("Authorization"));
            String clientId = basic != null ? basic[0] : request.getFormAttribute("client_id");
            String clientSecret = basic != null ? basic[1] : request.getFormAttribute("client_secret");
            clients.token(clientId, clientSecret).subscribe().with(
                    token -> context.response().putHeader("Content-Type", "application/json")
                            .putHeader("Cache-Control", "no-store")
                            .end(new JsonObject().put("access_token", token).put("expires_in", clients.ttlSeconds())
                                    .put("token_type", "Bearer").toBuffer()),
                    failure -> Failures.write(context.response(), Failures.classify(failure)));
        });
        request.resume();
    }

    /** {@code Basic base64(id:secret)} (RFC 6749 §2.3.1), or null. */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long declaredLength(String header) {
        try {
            return header == null ? 0 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
