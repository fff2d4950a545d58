package dev.licensegateway.verify;

import dev.licensegateway.credentials.SigningKey;
import dev.licensegateway.credentials.Credentials;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.credentials.CredentialCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * The client-credentials grant: a known, unrevoked client presenting its secret gets an access token.
 * Unknown clients and wrong secrets get the same answer, {@code invalid_client}.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private static final SigningKey NOBODY = new SigningKey("no such client".getBytes(StandardCharsets.UTF_8));

    private final CredentialCache credentials;
    private final AccessTokens tokens;

    public ClientAuthenticator(CredentialCache credentials, AccessTokens tokens) {
        this.credentials = credentials;
        this.tokens = tokens;
    }

    /** An access token for the client, or {@code invalid_client}. */
    public Uni<String> token(String clientId, String clientSecret) {
        if (clientId == null || clientId.isEmpty() || clientSecret == null || clientSecret.isEmpty()) {
            return Uni.createFrom().failure(ErrorCode.INVALID_CLIENT.exception());
        }
        return credentials.findByClientId(clientId).map(found -> {
            Credentials client = found.orElse(null);
            SigningKey secret = client == null ? NOBODY : client.signingKeys().get(0);
            // Compared even for an unknown client, so that both failures take the same work.
            boolean matches = secret.isKey(clientSecret.getBytes(StandardCharsets.UTF_8));
            if (client == null || client.revoked() || !matches) {
                throw ErrorCode.INVALID_CLIENT.exception();
            }
            return tokens.issue(clientId, client.companyId());
        });
    }

    public long ttlSeconds() {
        return tokens.ttlSeconds();
    }
}
