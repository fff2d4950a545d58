package dev.licensegateway.credentials;

import java.util.List;

/**
 * What the gateway knows about the caller named by the Authorization header: its company, whether the
 * key is revoked, the company's policy, and the HMAC keys that may have signed its requests: every active
 * shared key for an API key (rotation), the client secret for an OAuth client. {@code outerKeys} may also
 * sign the v2 outer signature (for OAuth: the secret, and the client id the Python SDK uses by mistake).
 */
public record Credentials(
        String companyId, String principal, boolean revoked, boolean requireSchemaV2, boolean oauth,
        List<SigningKey> signingKeys, List<SigningKey> outerKeys) {

    /** An API key's credentials: the shared keys sign both the inner and the outer signature. */
    public static Credentials apiKey(String companyId, String apiKey, boolean revoked, boolean requireSchemaV2,
                                     List<SigningKey> sharedKeys) {
        return new Credentials(companyId, apiKey, revoked, requireSchemaV2, false, sharedKeys, sharedKeys);
    }

    /**
     * Who the caller is, as the audit records it: an OAuth client's id (not a secret), or an API key's
     * {@link ApiKeyId} (never the key, which travels in clear in every header and would open the API).
     */
    public String auditId() {
        return oauth ? principal : ApiKeyId.of(principal);
    }

    @Override
    public String toString() {
        return "Credentials[company=" + companyId + ", caller=" + auditId() + ", revoked=" + revoked + "]";
    }
}
