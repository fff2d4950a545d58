package dev.licensegateway.verify;

import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.decode.DecodedBody;
import dev.licensegateway.decode.PayloadParser;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.store.CredentialCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Proves a request file by its own signatures, for a caller who is not the file's company (an operator
 * uploading files in the portal). The file's {@code api_key} or {@code client_id} names the company; the
 * signatures are then checked by {@link RequestVerifier#checkFile}, the License API's own check, as if that
 * company had posted the file itself. The Authorization header and its Date play no part: they prove the
 * operator, not the file.
 */
@ApplicationScoped
public class FileProof {

    private final CredentialCache credentials;
    private final RequestVerifier verifier;

    public FileProof(CredentialCache credentials, RequestVerifier verifier) {
        this.credentials = credentials;
        this.verifier = verifier;
    }

    /** The file's claimed payload (already parsed, unproven) and its decoded bytes. */
    public record Claimed(DecodedBody decoded, DeactivationPayload payload) {
    }

    /** Decodes and parses the file, without proving anything yet; throws its documented error. CPU only. */
    public static Claimed read(java.util.function.Supplier<DecodedBody> body) {
        DecodedBody decoded = body.get();
        return new Claimed(decoded, PayloadParser.parse(decoded).payload());
    }

    /** The company the file names, or {@code invalid_api_key} / {@code revoked_api_key}. */
    public Uni<Credentials> company(DeactivationPayload payload) {
        Uni<Optional<Credentials>> found = payload.apiKey() != null
                ? credentials.findByApiKey(payload.apiKey())
                : credentials.findByClientId(payload.clientId());
        return found.map(result -> {
            Credentials company = result.orElseThrow(() -> ErrorCode.INVALID_API_KEY.exception(
                    "The file's " + (payload.apiKey() != null ? "api_key" : "client_id") + " is not known."));
            if (company.revoked()) {
                throw ErrorCode.REVOKED_API_KEY.exception("The file's "
                        + (payload.apiKey() != null ? "api key" : "OAuth client") + " has been revoked.");
            }
            return company;
        });
    }

    /**
     * The signatures and the company's schema policy, keyed with the company's own keys: exactly the check
     * the License API runs on a file that company posts. CPU only; throws the documented error.
     */
    public VerifiedRequest check(Credentials company, Claimed claimed) {
        return verifier.checkFile(company, claimed::decoded).request();
    }
}
