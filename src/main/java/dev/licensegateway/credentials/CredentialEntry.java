package dev.licensegateway.credentials;

import dev.licensegateway.credentials.Credentials;
import dev.licensegateway.credentials.SigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the credential cache holds for one API key or client: the credentials as loaded, and the
 * {@code not_after} of each of its shared keys (null: no end), so that a key stops verifying the moment its
 * validity ends, whatever the cache's TTL. {@code notAfter.get(i)} belongs to {@code signingKeys().get(i)}.
 */
record CredentialEntry(Credentials credentials, List<Instant> notAfter, Instant validUntil) {

    static CredentialEntry of(Credentials credentials, List<Instant> notAfter) {
        Instant earliest = Instant.MAX;
        for (Instant end : notAfter) {
            if (end != null && end.isBefore(earliest)) {
                earliest = end;
            }
        }
        return new CredentialEntry(credentials, List.copyOf(notAfter.stream().map(e -> e == null ? Instant.MAX : e).toList()),
                earliest);
    }

    static CredentialEntry withoutEnd(Credentials credentials) {
        return new CredentialEntry(credentials, List.of(), Instant.MAX);
    }

    /** The credentials as they are at {@code now}: shared keys past their {@code not_after} left out. */
    Credentials at(Instant now) {
        if (now.isBefore(validUntil)) {
            return credentials;
        }
        List<SigningKey> valid = new ArrayList<>();
        for (int i = 0; i < notAfter.size(); i++) {
            if (now.isBefore(notAfter.get(i))) {
                valid.add(credentials.signingKeys().get(i));
            }
        }
        return Credentials.apiKey(credentials.companyId(), credentials.principal(), credentials.revoked(),
                credentials.requireSchemaV2(), List.copyOf(valid));
    }
}
