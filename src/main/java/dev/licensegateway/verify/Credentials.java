package dev.licensegateway.verify;

import java.util.List;

/**
 * What the gateway knows about the caller named by the Authorization header: its company, whether the
 * key is revoked, the company's policy, and the HMAC keys that may have signed its requests (every active
 * shared key, for rotation).
 */
public record Credentials(
        String companyId, String principal, boolean revoked, boolean requireSchemaV2, List<SigningKey> signingKeys) {

    @Override
    public String toString() {
        return "Credentials[company=" + companyId + ", principal=" + principal + ", revoked=" + revoked + "]";
    }
}
