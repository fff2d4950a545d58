package dev.licensegateway.verify;

import dev.licensegateway.credentials.Credentials;
import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.decode.DecodedBody;
import dev.licensegateway.decode.PayloadParser;
import dev.licensegateway.decode.RequestFile;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.credentials.CredentialCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Proves a request genuine. The checks run in this order and the first failure wins:
 * <ol>
 *   <li>headers present, Authorization well-formed, algorithm, Date fresh;</li>
 *   <li>the API key known and not revoked (or the bearer token valid, its client not revoked);</li>
 *   <li>the header signature, by any active shared key of the key's company (API keys only);</li>
 *   <li>the body: present, base64, a JSON object, valid fields;</li>
 *   <li>the file's own signatures and the company's schema policy ({@link FileProof});</li>
 *   <li>the file's api key belongs to the header's company.</li>
 * </ol>
 * Steps 4–5 are CPU only and run where {@link CpuStage} places them (event loop or worker pool).
 * Every comparison of signatures is constant-time.
 */
@ApplicationScoped
public class RequestVerifier {

    private static final byte[] HEADER_PREFIX = "licenseSpring\ndate: ".getBytes(StandardCharsets.UTF_8);

    private final CredentialCache credentials;
    private final GatewayConfig config;
    private final CpuStage cpu;
    private final AccessTokens tokens;
    private final RateLimiter rateLimiter;
    private final Clock clock;

    public RequestVerifier(CredentialCache credentials, GatewayConfig config, CpuStage cpu, AccessTokens tokens,
                           RateLimiter rateLimiter) {
        this.credentials = credentials;
        this.config = config;
        this.cpu = cpu;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.clock = Clock.systemUTC();
    }

    /** Runs every check; {@code body} yields the decoded file or throws its decoding error. */
    public Uni<VerifiedRequest> verify(RequestHeaders headers, Supplier<DecodedBody> body) {
        return authenticate(headers)
                .flatMap(caller -> cpu.run(() -> checkFile(caller, body)))
                .flatMap(this::checkSameCompany);
    }

    /**
     * Steps 1–3: the caller named and signed by the headers (a batch authenticates once for all its files):
     * an API key with its header signature, or an OAuth access token of a client that still exists.
     */
    public Uni<Credentials> authenticate(RequestHeaders headers) {
        Authorization authorization;
        try {
            authorization = checkHeaders(headers);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        if (authorization instanceof Authorization.Bearer bearer) {
            AccessTokens.Claims claims;
            try {
                claims = tokens.verify(bearer.token());
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(e);
            }
            return credentials.findByClientId(claims.clientId()).map(found -> {
                Credentials caller = found.orElse(null);
                if (caller == null || caller.revoked() || !caller.companyId().equals(claims.companyId())) {
                    // The client was revoked or removed since: the SDK refreshes, and then gets invalid_client.
                    throw ErrorCode.OAUTH_TOKEN_EXPIRED.exception("The access token is no longer valid.");
                }
                rateLimiter.acquire(caller);
                return caller;
            });
        }
        Authorization.ApiKey apiKey = (Authorization.ApiKey) authorization;
        return credentials.findByApiKey(apiKey.apiKey())
                .map(found -> {
                    Credentials caller = found.orElseThrow(ErrorCode.INVALID_API_KEY::exception);
                    checkCaller(caller, headers.date(), apiKey.signature());
                    rateLimiter.acquire(caller);
                    return caller;
                });
    }

    /** Steps 4–5 for one file of an authenticated caller: decoding, binding and signatures; CPU only. */
    public Checked checkFile(Credentials caller, Supplier<DecodedBody> body) {
        return new Checked(caller, FileProof.verify(caller, body.get()));
    }

    /**
     * A file proven by its own signatures alone, for a caller that is no License API client (a portal upload
     * of the company {@code companyId}): the credentials are those of the api key or OAuth client the file
     * names, which must be active and belong to that company; then {@link FileProof} judges the file exactly
     * as for the License API. {@code companyId} null: whichever company the file names (an operator who may
     * act for every company). Fails with the documented error.
     */
    public Uni<VerifiedRequest> proveFile(String companyId, DecodedBody decoded) {
        RequestFile file;
        try {
            file = PayloadParser.parse(decoded);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        DeactivationPayload payload = file.payload();
        Uni<java.util.Optional<Credentials>> named = payload.apiKey() != null
                ? credentials.findByApiKey(payload.apiKey()) : credentials.findByClientId(payload.clientId());
        return named.flatMap(found -> {
            Credentials owner = found.orElse(null);
            if (owner == null || (companyId != null && !owner.companyId().equals(companyId))) {
                throw ErrorCode.INVALID_API_KEY.exception("The file's api_key or client_id does not belong to this company.");
            }
            if (owner.revoked()) {
                throw ErrorCode.REVOKED_API_KEY.exception();
            }
            return cpu.run(() -> FileProof.verify(owner, decoded, file));
        });
    }

    /** A file whose signatures are proven, before the company check that may need the database. */
    public record Checked(Credentials caller, VerifiedRequest request) {
    }

    /** Both headers present, Authorization well-formed, Date fresh (bearer tokens too need a fresh Date). */
    Authorization checkHeaders(RequestHeaders headers) {
        if (isBlank(headers.date()) || isBlank(headers.authorization())) {
            throw ErrorCode.MISSING_HEADERS.exception();
        }
        Authorization authorization = Authorization.parse(headers.authorization());
        HttpDate.checkFresh(headers.date(), clock.instant(), config.request().dateTolerance());
        return authorization;
    }

    private static void checkCaller(Credentials caller, String date, String headerSignature) {
        if (caller.revoked()) {
            throw ErrorCode.REVOKED_API_KEY.exception();
        }
        byte[] message = concat(HEADER_PREFIX, date.getBytes(StandardCharsets.UTF_8));
        if (!FileProof.anyVerifies(caller.signingKeys(), message, SignatureEncoding.decodeBase64(headerSignature))) {
            throw ErrorCode.SIGNATURE_MISMATCH.exception();
        }
    }

    /** Step 6: the file's api key belongs to the caller's company. */
    public Uni<VerifiedRequest> checkSameCompany(Checked checked) {
        Credentials caller = checked.caller();
        DeactivationPayload payload = checked.request().payload();
        if (caller.oauth()) {
            if (!caller.principal().equals(payload.clientId())) {
                return Uni.createFrom().failure(ErrorCode.INVALID_API_KEY.exception(
                        "The file's client_id is not the access token's client."));
            }
            return Uni.createFrom().item(checked.request());
        }
        if (payload.apiKey() == null) {
            return Uni.createFrom().failure(ErrorCode.INVALID_API_KEY.exception(
                    "A file for OAuth (client_id) cannot be sent with API-key authorization."));
        }
        if (payload.apiKey().equals(caller.principal())) {
            return Uni.createFrom().item(checked.request());
        }
        return credentials.findByApiKey(payload.apiKey()).map(other -> {
            if (other.isEmpty() || other.get().revoked() || !other.get().companyId().equals(caller.companyId())) {
                throw ErrorCode.INVALID_API_KEY.exception("The file's api_key does not belong to the caller's company.");
            }
            return checked.request();
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
