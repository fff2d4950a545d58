package dev.licensegateway.verify;

import dev.licensegateway.credentials.Credentials;
import dev.licensegateway.credentials.SigningKey;
import dev.licensegateway.crypto.Sha256;
import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.decode.DecodedBody;
import dev.licensegateway.decode.PayloadParser;
import dev.licensegateway.decode.RequestFile;
import dev.licensegateway.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * What a request file proves by its own signatures, given the credentials of the principal it names (SPEC §3):
 * no HTTP header is involved, so the single endpoint, the batch and a portal upload judge a file alike.
 * <ol>
 *   <li>v2: the outer HMAC over the exact bytes of {@code request}, base64 or hex. Matched by a secret (a
 *       shared key, a client secret) the file is authentic as a whole; matched only by the client id (the
 *       Python SDK's OAuth defect) it proves nothing about who wrote it;</li>
 *   <li>a v1 file, or a v2 file not proven by a secret, needs {@code signature}, {@code request_id} and
 *       {@code request}, and its inner signature must verify;</li>
 *   <li>an inner signature that is present always verifies ({@code date} or {@code date + 1 s});</li>
 *   <li>the company's schema policy.</li>
 * </ol>
 * A file without {@code request_id} (only an authentic v2 file) is keyed {@code sha256:<hex of the exact
 * request bytes>}. Failures are {@link dev.licensegateway.error.ApiException}s with their documented code.
 */
public final class FileProof {

    private static final String KEY_PREFIX = "sha256:";

    private FileProof() {
    }

    /** Parses and proves one decoded file for {@code caller}; the company check of its principal is the caller's. */
    public static VerifiedRequest verify(Credentials caller, DecodedBody decoded) {
        return verify(caller, decoded, PayloadParser.parse(decoded));
    }

    public static VerifiedRequest verify(Credentials caller, DecodedBody decoded, RequestFile file) {
        Proof proof = prove(caller, decoded, file);
        if (caller.requireSchemaV2() && !file.isV2()) {
            throw ErrorCode.SCHEMA_VERSION_NOT_ALLOWED.exception();
        }
        return new VerifiedRequest(caller.companyId(), caller.auditId(), file.schemaVersion(),
                file.payload().withRequestId(proof.requestId()), decoded.digest(), proof.fingerprint());
    }

    /**
     * The signatures of a bound file. {@code fingerprint} is the SHA-256 of the inner signature (null when the
     * file has none); {@code requestId} the file's own, or its {@code sha256:} key.
     */
    public record Proof(String requestId, byte[] fingerprint) {
    }

    public static Proof prove(Credentials caller, DecodedBody decoded, RequestFile file) {
        boolean bySecret = false;
        if (file.isV2()) {
            byte[] claimed = SignatureEncoding.decodeBase64OrHex(file.outerSignature());
            bySecret = anyVerifies(caller.signingKeys(), decoded.bytes(), file.requestOffset(), file.requestLength(), claimed);
            if (!bySecret && !anyVerifies(caller.outerKeys(), decoded.bytes(), file.requestOffset(), file.requestLength(),
                    claimed)) {
                throw ErrorCode.SIGNATURE_MISMATCH.exception("The schema v2 signature does not match.");
            }
        }
        DeactivationPayload payload = file.payload();
        if (!bySecret) {
            requireField("signature", payload.signature());
            requireField("request_id", payload.requestId());
            requireField("request", payload.request());
        }
        byte[] fingerprint = payload.signature() == null ? null : checkInner(caller, payload);
        String requestId = payload.requestId() != null ? payload.requestId()
                : KEY_PREFIX + HexFormat.of().formatHex(Sha256.of(decoded.bytes(), file.requestOffset(), file.requestLength()));
        return new Proof(requestId, fingerprint);
    }

    private static void requireField(String name, String value) {
        if (value == null) {
            throw ErrorCode.VALIDATION_ERROR.exception("Missing field '" + name + "'.");
        }
    }

    /** The inner signature for the file's date or one second later; returns its fingerprint. */
    private static byte[] checkInner(Credentials caller, DeactivationPayload payload) {
        byte[] claimed = SignatureEncoding.decodeBase64(payload.signature());
        boolean valid = anyVerifies(caller.signingKeys(), innerSigningString(payload.date(), payload), claimed);
        if (!valid) {
            String nextSecond = HttpDate.nextSecond(payload.date());
            valid = nextSecond != null && anyVerifies(caller.signingKeys(), innerSigningString(nextSecond, payload), claimed);
        }
        if (!valid) {
            throw ErrorCode.SIGNATURE_MISMATCH.exception();
        }
        return Sha256.of(claimed, 0, claimed.length);
    }

    static byte[] innerSigningString(String date, DeactivationPayload payload) {
        return ("licenseSpring\ndate: " + date + "\n" + payload.licenseIdentity() + "\n" + payload.hardwareId() + "\n"
                + payload.principal()).getBytes(StandardCharsets.UTF_8);
    }

    static boolean anyVerifies(List<SigningKey> keys, byte[] message, byte[] claimed) {
        return anyVerifies(keys, message, 0, message.length, claimed);
    }

    private static boolean anyVerifies(List<SigningKey> keys, byte[] message, int offset, int length, byte[] claimed) {
        boolean valid = false;
        // No early exit: every key is tried, so timing does not tell which key (if any) matched.
        for (SigningKey key : keys) {
            valid |= key.verifies(message, offset, length, claimed);
        }
        return valid;
    }
}
