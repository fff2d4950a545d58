package dev.licensegateway.deactivation;

import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.store.BatchStore;
import dev.licensegateway.store.BatchStore.AppliedClaims;
import dev.licensegateway.store.Deactivation;
import dev.licensegateway.store.LicenseFeature;
import dev.licensegateway.store.LockedLicense;
import dev.licensegateway.verify.VerifiedRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a chunk of verified files set-based: one transaction and a handful of round trips for the whole
 * chunk, yet each file judged exactly as the single endpoint judges it, independently of the others.
 * <ol>
 *   <li>already-applied files are answered from one lookup (replay or conflict);</li>
 *   <li>the chunk's licenses are locked in license-id order, then devices, claims and features are read;</li>
 *   <li>each file is judged in batch order against that state, as it stands after the files before it;</li>
 *   <li>one statement writes every accepted file, guarded by its claim.</li>
 * </ol>
 * If any claim was taken meanwhile by a concurrent transaction (another replica), or the database asks
 * for a retry (deadlock, serialisation), the chunk rolls back and its files go through the single-file
 * path one by one — slower, never wrong.
 */
@ApplicationScoped
public class BatchDeactivationService {

    private final Pool pool;
    private final BatchStore store;
    private final DeactivationService single;

    public BatchDeactivationService(Pool pool, BatchStore store, DeactivationService single) {
        this.pool = pool;
        this.store = store;
        this.single = single;
    }

    public Uni<List<ItemResult>> deactivate(String companyId, List<IndexedRequest> items, String sourceIp) {
        // Files with a password need the slow hash first: they take the single-file path, which has it.
        List<IndexedRequest> withPassword = items.stream().filter(i -> PasswordCheck.applies(i.request().payload())).toList();
        List<IndexedRequest> setBased = items.stream().filter(i -> !PasswordCheck.applies(i.request().payload())).toList();
        return setBased(companyId, setBased, sourceIp)
                .flatMap(results -> oneByOne(withPassword, sourceIp).map(more -> {
                    List<ItemResult> all = new ArrayList<>(results);
                    all.addAll(more);
                    all.sort(java.util.Comparator.comparingInt(ItemResult::index));
                    return all;
                }));
    }

    private Uni<List<ItemResult>> setBased(String companyId, List<IndexedRequest> items, String sourceIp) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.withTransaction(connection -> applyChunk(connection, companyId, items, sourceIp))
                .onFailure(BatchDeactivationService::worthRetryingAlone)
                .recoverWithUni(() -> oneByOne(items, sourceIp));
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
        return store.lockLicenses(connection, companyId, false, keyP, keyI)
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
        List<byte[]> fingerprints = new ArrayList<>();
        List<Long> deviceLicenses = new ArrayList<>();
        List<String> hardwareIds = new ArrayList<>();
        Set<String> missingProducts = new LinkedHashSet<>();
        boolean needFeatures = false;
        for (IndexedRequest item : items) {
            VerifiedRequest request = item.request();
            requestIds.add(request.payload().requestId());
            fingerprints.add(request.signatureFingerprint());
            LockedLicense license = state.license(request.payload());
            if (license == null) {
                missingProducts.add(request.payload().product());
            } else {
                deviceLicenses.add(license.licenseId());
                hardwareIds.add(request.payload().hardwareId());
            }
            needFeatures |= !request.payload().productFeatures().isEmpty();
        }
        List<Long> licenseIds = state.lockedIds();
        Uni<AppliedClaims> claims = store.findApplied(connection, companyId, requestIds, fingerprints);
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
        byte[] applied = state.claims.find(payload.requestId(), request.signatureFingerprint());
        if (applied != null) {
            if (!MessageDigest.isEqual(applied, request.payloadDigest())) {
                throw ErrorCode.REQUEST_ID_CONFLICT.exception();
            }
            return null;
        }
        LockedLicense license = state.license(payload);
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
        state.claims.add(payload.requestId(), request.signatureFingerprint(), request.payloadDigest());
        state.replace(license.withTotal(license.consumption().total() + payload.consumptions()));
        Deactivation write = DeactivationService.deactivation(request, sourceIp, license.licenseId(), deviceId, deltas);
        List<LicenseFeature> updated = new ArrayList<>(features);
        deltas.forEach((feature, delta) -> updated.replaceAll(f -> f.featureId() == feature.featureId()
                ? f.withTotal(f.limits().total() + delta) : f));
        state.features.put(license.licenseId(), updated);
        return write;
    }

    private Uni<List<ItemResult>> oneByOne(List<IndexedRequest> items, String sourceIp) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> single.deactivate(item.request(), sourceIp)
                        .map(outcome -> ItemResult.of(item.index(), item.request().payload().requestId(), outcome))
                        .onFailure().recoverWithItem(failure -> ItemResult.failed(item.index(),
                                item.request().payload().requestId(), Failures.classify(failure))))
                .collect().asList();
    }

    private static boolean worthRetryingAlone(Throwable failure) {
        if (failure instanceof RaceLost) {
            return true;
        }
        return failure instanceof io.vertx.pgclient.PgException pg
                && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    /** A claim of the chunk was taken by a concurrent transaction; the chunk is retried file by file. */
    static final class RaceLost extends RuntimeException {
        RaceLost() {
            super("claim taken concurrently", null, false, false);
        }
    }
}
