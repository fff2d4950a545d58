package dev.licensegateway.deactivation;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.store.BatchStore;
import dev.licensegateway.store.BatchStore.AppliedClaims;
import dev.licensegateway.store.BoundedWaits;
import dev.licensegateway.store.Deactivation;
import dev.licensegateway.store.LicenseFeature;
import dev.licensegateway.store.LockedLicense;
import dev.licensegateway.verify.VerifiedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a chunk of verified files set-based: one transaction and a handful of round trips for the whole
 * chunk, yet each file judged exactly as the single endpoint judges it, independently of the others.
 * <ol>
 *   <li>passwords are checked first, in parallel on the worker pool, outside any transaction;</li>
 *   <li>the chunk's licenses are locked in license-id order, then claims, devices and features are read;</li>
 *   <li>each file is judged in batch order against that state, as it stands after the files before it;</li>
 *   <li>one statement writes every accepted file, guarded by its claim.</li>
 * </ol>
 * Whatever makes the chunk's transaction fail (a claim taken by another replica, a deadlock, a lock or
 * statement timeout, any other database error) rolls all of it back, and its files then go through the
 * single-file path one by one, so that each answer is what happened to that file. Only when the database
 * cannot be reached are the files answered 503 without trying, and the batch is told to stop.
 */
@ApplicationScoped
public class BatchDeactivationService {

    private final Pool pool;
    private final BatchStore store;
    private final FileByFile fileByFile;
    private final PasswordCheck passwords;
    private final BoundedWaits waits;
    private final Duration deadline;

    public BatchDeactivationService(Pool pool, BatchStore store, FileByFile fileByFile, PasswordCheck passwords,
                                    BoundedWaits waits, GatewayConfig config) {
        this.pool = pool;
        this.store = store;
        this.fileByFile = fileByFile;
        this.passwords = passwords;
        this.waits = waits;
        this.deadline = config.request().deadline();
    }

    /** The answers of a chunk in batch order, and whether the database was found unreachable. */
    public record ChunkOutcome(List<ItemResult> results, boolean unreachable) {
    }

    public Uni<ChunkOutcome> deactivate(String companyId, List<IndexedRequest> items, String sourceIp) {
        return passwords.checkAll(companyId, items)
                .flatMap(refused -> applyRest(companyId, items, refused, sourceIp))
                // Only the password lookup can fail here: the rest recovers on its own.
                .onFailure(FileByFile::unreachable).recoverWithItem(() -> new ChunkOutcome(FileByFile.unavailable(items), true))
                .onFailure().recoverWithUni(failure -> applyRest(companyId, items, passwordFilesFail(items, failure), sourceIp));
    }

    /** The files whose password was not refused, applied; the refused ones answered; all in batch order. */
    private Uni<ChunkOutcome> applyRest(String companyId, List<IndexedRequest> items, Map<Integer, ApiException> refused,
                                        String sourceIp) {
        List<ItemResult> results = new ArrayList<>();
        List<IndexedRequest> rest = new ArrayList<>();
        for (IndexedRequest item : items) {
            ApiException error = refused.get(item.index());
            if (error != null) {
                results.add(ItemResult.failed(item.index(), item.request().payload().requestId(), error));
            } else {
                rest.add(item);
            }
        }
        return setBased(companyId, rest, sourceIp).map(outcome -> {
            results.addAll(outcome.results());
            results.sort(Comparator.comparingInt(ItemResult::index));
            return new ChunkOutcome(results, outcome.unreachable());
        });
    }

    /** The password lookup failed for another reason than an unreachable database: only password files fail. */
    private static Map<Integer, ApiException> passwordFilesFail(List<IndexedRequest> items, Throwable failure) {
        ApiException error = Failures.classify(failure);
        Map<Integer, ApiException> refused = new java.util.HashMap<>();
        items.stream().filter(i -> PasswordCheck.applies(i.request().payload()))
                .forEach(i -> refused.put(i.index(), error));
        return refused;
    }

    private Uni<ChunkOutcome> setBased(String companyId, List<IndexedRequest> items, String sourceIp) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(new ChunkOutcome(List.of(), false));
        }
        return pool.withTransaction(connection -> applyChunk(connection, companyId, items, sourceIp))
                // A safety net for a connection that hangs without an error; PostgreSQL's own timeouts come first.
                .ifNoItem().after(deadline).failWith(FileByFile.DatabaseSilent::new)
                .map(results -> new ChunkOutcome(results, false))
                .onFailure().recoverWithUni(failure -> FileByFile.unreachable(failure)
                        ? Uni.createFrom().item(new ChunkOutcome(FileByFile.unavailable(items), true))
                        : fileByFile.apply(items, sourceIp));
    }

    private Uni<List<ItemResult>> applyChunk(SqlConnection connection, String companyId, List<IndexedRequest> items,
                                             String sourceIp) {
        Set<String> keyProducts = new LinkedHashSet<>();
        List<String> keyP = new ArrayList<>();
        List<String> keyI = new ArrayList<>();
        List<String> userP = new ArrayList<>();
        List<String> userI = new ArrayList<>();
        for (IndexedRequest item : items) {
            DeactivationPayload p = item.request().payload();
            if (keyProducts.add(BatchStore.licenseKey(p.product(), p.licenseIdentity()) + (p.userBased() ? "u" : "k"))) {
                (p.userBased() ? userP : keyP).add(p.product());
                (p.userBased() ? userI : keyI).add(p.licenseIdentity());
            }
        }
        return Uni.combine().all().unis(waits.apply(connection), store.lockLicenses(connection, companyId, false, keyP, keyI))
                .with((ignored, byKey) -> byKey)
                .flatMap(byKey -> store.lockLicenses(connection, companyId, true, userP, userI)
                        .map(byUser -> {
                            ChunkState state = new ChunkState();
                            state.locked(byKey, false);
                            state.locked(byUser, true);
                            return state;
                        }))
                .flatMap(state -> load(connection, companyId, items, state))
                .flatMap(state -> judgeAndWrite(connection, companyId, items, sourceIp, state));
    }

    /** Under the locks: claims, active devices, features and (when a license is missing) products, pipelined. */
    private Uni<ChunkState> load(SqlConnection connection, String companyId, List<IndexedRequest> items, ChunkState state) {
        List<String> requestIds = new ArrayList<>();
        List<Long> signedLicenses = new ArrayList<>();
        List<byte[]> fingerprints = new ArrayList<>();
        List<Long> deviceLicenses = new ArrayList<>();
        List<String> hardwareIds = new ArrayList<>();
        Set<String> missingProducts = new LinkedHashSet<>();
        boolean needFeatures = false;
        for (IndexedRequest item : items) {
            VerifiedRequest request = item.request();
            requestIds.add(request.payload().requestId());
            LockedLicense license = state.license(request.payload());
            if (license != null && request.signatureFingerprint() != null) {
                signedLicenses.add(license.licenseId());
                fingerprints.add(request.signatureFingerprint());
            }
            if (license == null) {
                missingProducts.add(request.payload().product());
            } else {
                deviceLicenses.add(license.licenseId());
                hardwareIds.add(request.payload().hardwareId());
            }
            needFeatures |= !request.payload().productFeatures().isEmpty();
        }
        List<Long> licenseIds = state.lockedIds();
        Uni<AppliedClaims> claims = store.findApplied(connection, companyId, requestIds, signedLicenses, fingerprints);
        Uni<Map<String, Long>> devices = store.activeDevices(connection, companyId, deviceLicenses, hardwareIds);
        Uni<Map<Long, List<LicenseFeature>>> features = needFeatures && !licenseIds.isEmpty()
                ? store.features(connection, companyId, licenseIds) : Uni.createFrom().item(Map.of());
        Uni<List<String>> products = missingProducts.isEmpty()
                ? Uni.createFrom().item(List.of()) : store.existingProducts(connection, companyId, List.copyOf(missingProducts));
        return Uni.combine().all().unis(claims, devices, features, products).with((c, d, f, p) -> {
            state.claims = c;
            state.activeDevices.putAll(d);
            f.forEach((id, list) -> state.features.put(id, new ArrayList<>(list)));
            state.existingProducts.addAll(p);
            return state;
        });
    }

    private Uni<List<ItemResult>> judgeAndWrite(SqlConnection connection, String companyId, List<IndexedRequest> items,
                                                String sourceIp, ChunkState state) {
        List<ItemResult> results = new ArrayList<>(items.size());
        List<Deactivation> writes = new ArrayList<>();
        for (IndexedRequest item : items) {
            String requestId = item.request().payload().requestId();
            try {
                Deactivation write = judge(item.request(), state, sourceIp);
                if (write == null) {
                    results.add(ItemResult.of(item.index(), requestId, Outcome.REPLAYED));
                } else {
                    writes.add(write);
                    results.add(ItemResult.of(item.index(), requestId, Outcome.DEACTIVATED));
                }
            } catch (ApiException e) {
                results.add(ItemResult.failed(item.index(), requestId, e));
            }
        }
        if (writes.isEmpty()) {
            return Uni.createFrom().item(results);
        }
        return store.apply(connection, companyId, sourceIp, writes).map(claimed -> {
            if (claimed != writes.size()) {
                throw new RaceLost();
            }
            return results;
        });
    }

    /** One file against the chunk's state; null for a replay, the write for an accepted file. */
    private static Deactivation judge(VerifiedRequest request, ChunkState state, String sourceIp) {
        DeactivationPayload payload = request.payload();
        LockedLicense license = state.license(payload);
        byte[] applied = state.claims.find(payload.requestId(), license == null ? null : license.licenseId(),
                request.signatureFingerprint());
        if (applied != null) {
            if (!MessageDigest.isEqual(applied, request.payloadDigest())) {
                throw ErrorCode.REQUEST_ID_CONFLICT.exception();
            }
            return null;
        }
        if (license == null) {
            throw (state.existingProducts.contains(payload.product()) ? ErrorCode.LICENSE_NOT_FOUND
                    : ErrorCode.UNKNOWN_PRODUCT).exception();
        }
        DeactivationRules.checkLicense(license);
        String deviceKey = BatchStore.deviceKey(license.licenseId(), payload.hardwareId());
        Long deviceId = state.activeDevices.get(deviceKey);
        if (deviceId == null) {
            throw ErrorCode.DEVICE_NOT_FOUND.exception();
        }
        DeactivationRules.checkConsumptions(license, payload.consumptions());
        List<LicenseFeature> features = state.features.getOrDefault(license.licenseId(), List.of());
        Map<LicenseFeature, Long> deltas = DeactivationRules.featureDeltas(payload.productFeatures(), features);
        // Accepted: the state moves on, so the files after this one see its effects.
        state.activeDevices.remove(deviceKey);
        state.claims.add(payload.requestId(), license.licenseId(), request.signatureFingerprint(), request.payloadDigest());
        state.replace(license.withTotal(license.consumption().total() + payload.consumptions()));
        Deactivation write = DeactivationService.deactivation(request, sourceIp, license.licenseId(), deviceId, deltas);
        List<LicenseFeature> updated = new ArrayList<>(features);
        deltas.forEach((feature, delta) -> updated.replaceAll(f -> f.featureId() == feature.featureId()
                ? f.withTotal(f.limits().total() + delta) : f));
        state.features.put(license.licenseId(), updated);
        return write;
    }

    /** A claim of the chunk was taken by a concurrent transaction; the chunk is rolled back and retried file by file. */
    static final class RaceLost extends RuntimeException {
        RaceLost() {
            super("claim taken concurrently", null, false, false);
        }
    }
}
