package dev.licensegateway.bench;

import dev.licensegateway.decode.DecodedBody;
import dev.licensegateway.decode.RequestFile;
import dev.licensegateway.verify.Authorization;
import dev.licensegateway.credentials.Credentials;
import dev.licensegateway.verify.FileProof;
import dev.licensegateway.verify.HttpDate;
import dev.licensegateway.verify.RequestVerifier;
import dev.licensegateway.verify.VerifiedRequest;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.time.Instant;

/**
 * The CPU part of {@link RequestVerifier} once the caller's credentials are cached: the benchmarks call the
 * verifier's own private checks through method handles rather than a copy of them, so they measure the code
 * that serves requests (and stop with an error, not a silent divergence, if those checks are reshaped).
 */
final class ProductionChecks {

    private static final Duration DATE_TOLERANCE = Duration.ofMinutes(15);
    private static final MethodHandle CHECK_FRESH;
    private static final MethodHandle CHECK_CALLER;

    static {
        try {
            MethodHandles.Lookup verifier = MethodHandles.privateLookupIn(RequestVerifier.class, MethodHandles.lookup());
            MethodHandles.Lookup dates = MethodHandles.privateLookupIn(HttpDate.class, MethodHandles.lookup());
            CHECK_FRESH = dates.findStatic(HttpDate.class, "checkFresh",
                    MethodType.methodType(void.class, String.class, Instant.class, Duration.class));
            CHECK_CALLER = verifier.findStatic(RequestVerifier.class, "checkCaller",
                    MethodType.methodType(void.class, Credentials.class, String.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ProductionChecks() {
    }

    /**
     * Authorization header parsed, Date fresh, header signature, then {@link FileProof#verify(Credentials, DecodedBody)}
     * exactly as {@code RequestVerifier.checkFile} calls it: the file bound, its v2 outer signature and inner
     * signature ({@code date}, and {@code date + 1 s} only on a mismatch), the schema policy, the digest that makes
     * a replay recognisable: everything {@code RequestVerifier} computes after the credential lookup.
     */
    static Verified verify(Credentials caller, String date, String authorization, DecodedBody decoded) {
        checkHeaders(caller, date, authorization);
        // The call RequestVerifier.checkFile makes: parse, signatures, schema policy, payload digest.
        VerifiedRequest verified = FileProof.verify(caller, decoded);
        return new Verified(verified.payload().requestId(), verified.payload().hardwareId(), verified.payload(),
                verified.payloadDigest(), verified.signatureFingerprint());
    }

    /** The Authorization header parsed, the Date header fresh and its signature by the caller's key. */
    static void checkHeaders(Credentials caller, String date, String authorization) {
        try {
            Authorization.ApiKey apiKey = (Authorization.ApiKey) Authorization.parse(authorization);
            CHECK_FRESH.invokeExact(date, Instant.now(), DATE_TOLERANCE);
            CHECK_CALLER.invokeExact(caller, date, apiKey.signature());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outer and inner signatures of a bound file, as the verifier checks them. */
    static byte[] checkSignatures(Credentials caller, DecodedBody decoded, RequestFile file) {
        return FileProof.prove(caller, decoded, file).fingerprint();
    }
}
