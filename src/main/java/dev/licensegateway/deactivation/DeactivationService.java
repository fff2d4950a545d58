package dev.licensegateway.deactivation;

import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.store.Deactivation;
import dev.licensegateway.store.BoundedWaits;
import dev.licensegateway.store.DeactivationStore;
import dev.licensegateway.store.LicenseFeature;
import dev.licensegateway.store.LicenseState;
import dev.licensegateway.store.LockedLicense;
import dev.licensegateway.verify.VerifiedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies a verified request exactly once, in one transaction (SPEC §4–§5):
 * <ol>
 *   <li>a password in a user-based file is checked first (slow hash, on the worker pool);</li>
 *   <li>outside the transaction, a request id already applied is answered at once (replay, or conflict);</li>
 *   <li>the license is locked ({@code FOR UPDATE}), which serialises all deactivations of it;</li>
 *   <li>under the lock, the applied-request check is repeated, now with the inner signature's claim on this
 *       license, then the device and features are read;</li>
 *   <li>the rules are checked, and one statement writes the claim, device, totals and audit event.</li>
 * </ol>
 * If the claim loses a race with another license's transaction (same request id), nothing is written
 * and the answer follows from the request that won.
 */
@ApplicationScoped
public class DeactivationService {

    private final Pool pool;
    private final DeactivationStore store;
    private final PasswordCheck passwords;
    private final BoundedWaits waits;

    public DeactivationService(Pool pool, DeactivationStore store, PasswordCheck passwords, BoundedWaits waits) {
        this.pool = pool;
        this.store = store;
        this.passwords = passwords;
        this.waits = waits;
    }

    public Uni<Outcome> deactivate(VerifiedRequest request, String sourceIp) {
        return passwords.check(request).flatMap(ignored -> deactivateChecked(request, sourceIp));
    }

    /** Steps 2–5 for a request whose password (if any) was already checked, as a batch checks them up front. */
    public Uni<Outcome> deactivateChecked(VerifiedRequest request, String sourceIp) {
        return store.findApplied(pool, request.companyId(), request.payload().requestId(), null, null)
                .flatMap(applied -> applied.isPresent()
                        ? Uni.createFrom().item(replay(request, applied.get()))
                        : pool.withTransaction(connection -> apply(connection, request, sourceIp)));
    }

    private Uni<Outcome> apply(SqlConnection connection, VerifiedRequest request, String sourceIp) {
        DeactivationPayload payload = request.payload();
        // The bounded waits and the lock go in one flight: the SET is pipelined ahead of the lock query.
        return Uni.combine().all().unis(waits.apply(connection),
                        store.lockLicense(connection, request.companyId(), payload.product(), payload.licenseKey(),
                                payload.username()))
                .with((ignored, found) -> found)
                .flatMap(found -> found.isPresent()
                        ? Uni.createFrom().item(found.get())
                        : store.productExists(connection, request.companyId(), payload.product())
                                .map(exists -> {
                                    throw (exists ? ErrorCode.LICENSE_NOT_FOUND : ErrorCode.UNKNOWN_PRODUCT).exception();
                                }))
                .flatMap(license -> store.loadState(connection, request.companyId(), license.licenseId(),
                                payload.hardwareId(), payload.requestId(), request.signatureFingerprint(),
                                !payload.productFeatures().isEmpty())
                        .flatMap(state -> state.appliedDigest() != null
                                ? Uni.createFrom().item(replay(request, state.appliedDigest()))
                                : write(connection, request, sourceIp, license, state)));
    }

    private Uni<Outcome> write(SqlConnection connection, VerifiedRequest request, String sourceIp,
                               LockedLicense license, LicenseState state) {
        DeactivationPayload payload = request.payload();
        DeactivationRules.checkLicense(license);
        if (state.activeDeviceId() == null) {
            throw ErrorCode.DEVICE_NOT_FOUND.exception();
        }
        DeactivationRules.checkConsumptions(license, payload.consumptions());
        Map<LicenseFeature, Long> deltas = DeactivationRules.featureDeltas(payload.productFeatures(), state.features());
        Deactivation deactivation = deactivation(request, sourceIp, license.licenseId(), state.activeDeviceId(), deltas);
        return store.apply(connection, deactivation).flatMap(claimed -> claimed
                ? Uni.createFrom().item(Outcome.DEACTIVATED)
                : raceLost(connection, request, license.licenseId()));
    }

    /** The rows one accepted file writes. */
    static Deactivation deactivation(VerifiedRequest request, String sourceIp, long licenseId, long deviceId,
                                     Map<LicenseFeature, Long> deltas) {
        DeactivationPayload payload = request.payload();
        Map<Long, Long> byId = new LinkedHashMap<>();
        Map<String, Long> byCode = new LinkedHashMap<>();
        deltas.forEach((feature, delta) -> {
            byId.put(feature.featureId(), delta);
            byCode.put(feature.code(), delta);
        });
        return new Deactivation(request.companyId(), payload.requestId(), request.payloadDigest(),
                request.signatureFingerprint(), licenseId, deviceId, payload.hardwareId(), payload.variablesJson(),
                payload.consumptions(), byId, byCode, request.principal(), sourceIp, request.schemaVersion(),
                payload.clientInfo());
    }

    /** Another transaction took this request id or signature first; its answer decides ours. */
    private Uni<Outcome> raceLost(SqlConnection connection, VerifiedRequest request, long licenseId) {
        return store.findApplied(connection, request.companyId(), request.payload().requestId(),
                        request.signatureFingerprint(), licenseId)
                .map(applied -> replay(request, applied.orElseThrow(ErrorCode.REQUEST_ID_CONFLICT::exception)));
    }

    /** The same file again is a replay; anything else under an applied request id or signature is a conflict. */
    private static Outcome replay(VerifiedRequest request, byte[] appliedDigest) {
        if (!MessageDigest.isEqual(appliedDigest, request.payloadDigest())) {
            throw ErrorCode.REQUEST_ID_CONFLICT.exception();
        }
        return Outcome.REPLAYED;
    }
}
