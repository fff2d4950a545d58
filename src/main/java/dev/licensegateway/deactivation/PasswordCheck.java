package dev.licensegateway.deactivation;

import dev.licensegateway.crypto.PasswordHasher;
import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.Failures;
import dev.licensegateway.store.PasswordHashes;
import dev.licensegateway.verify.CpuStage;
import dev.licensegateway.verify.VerifiedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code password} in a user-based file must match the user's (SPEC §3; the SDK itself does not send
 * one for deactivation). The slow hash runs on the worker pool. An unknown user, a user without a
 * password and a wrong password get the same answer after the same work, so neither the response nor its
 * timing tells whether a username exists.
 */
@ApplicationScoped
public class PasswordCheck {

    private final Pool pool;
    private final PasswordHashes hashes;
    private final CpuStage cpu;

    public PasswordCheck(Pool pool, PasswordHashes hashes, CpuStage cpu) {
        this.pool = pool;
        this.hashes = hashes;
        this.cpu = cpu;
    }

    public static boolean applies(DeactivationPayload payload) {
        return payload.password() != null && payload.userBased();
    }

    /**
     * The passwords of a batch chunk, before its transaction: the hashes of all its users in one query, then
     * every distinct (user, password) verified in parallel on the bounded worker pool (a fleet's files often
     * share one user and password: hashed once). Returns the refusal of each file that fails, by batch index.
     */
    public Uni<Map<Integer, ApiException>> checkAll(String companyId, List<IndexedRequest> items) {
        List<IndexedRequest> withPassword = items.stream().filter(i -> applies(i.request().payload())).toList();
        if (withPassword.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> products = new ArrayList<>();
        List<String> usernames = new ArrayList<>();
        withPassword.forEach(i -> {
            products.add(i.request().payload().product());
            usernames.add(i.request().payload().username());
        });
        return hashes.find(pool, companyId, products, usernames).flatMap(found -> {
            Map<List<String>, Uni<Optional<ApiException>>> checks = new LinkedHashMap<>();
            for (IndexedRequest item : withPassword) {
                DeactivationPayload p = item.request().payload();
                String hash = found.get(PasswordHashes.key(p.product(), p.username()));
                checks.computeIfAbsent(key(p), key -> cpu.offload(() -> PasswordHasher.verify(p.password(), hash))
                        .map(matches -> matches ? Optional.<ApiException>empty() : Optional.of(wrongPassword()))
                        .onFailure().recoverWithItem(failure -> Optional.of(Failures.classify(failure))));
            }
            List<List<String>> keys = new ArrayList<>(checks.keySet());
            return Uni.join().all(new ArrayList<>(checks.values())).andFailFast().map(outcomes -> {
                Map<List<String>, Optional<ApiException>> byKey = new HashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    byKey.put(keys.get(i), outcomes.get(i));
                }
                Map<Integer, ApiException> refused = new HashMap<>();
                for (IndexedRequest item : withPassword) {
                    byKey.get(key(item.request().payload())).ifPresent(error -> refused.put(item.index(), error));
                }
                return refused;
            });
        });
    }

    private static List<String> key(DeactivationPayload payload) {
        return List.of(payload.product(), payload.username(), payload.password());
    }

    private static ApiException wrongPassword() {
        return ErrorCode.LICENSE_NOT_FOUND.exception("License not found for this user and password.");
    }

    /** The single file's password: the same lookup and check as a batch's, for a chunk of one. */
    public Uni<Void> check(VerifiedRequest request) {
        if (!applies(request.payload())) {
            return Uni.createFrom().voidItem();
        }
        return hashes.find(pool, request.companyId(), List.of(request.payload().product()),
                        List.of(request.payload().username()))
                .flatMap(found -> cpu.offload(() -> PasswordHasher.verify(request.payload().password(),
                        found.get(PasswordHashes.key(request.payload().product(), request.payload().username())))))
                .map(matches -> {
                    if (!matches) {
                        throw wrongPassword();
                    }
                    return null;
                });
    }
}
