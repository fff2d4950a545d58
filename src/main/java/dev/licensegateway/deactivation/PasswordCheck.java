package dev.licensegateway.deactivation;

import dev.licensegateway.crypto.PasswordHasher;
import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.store.DeactivationStore;
import dev.licensegateway.verify.CpuStage;
import dev.licensegateway.verify.VerifiedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A {@code password} in a user-based file must match the user's (SPEC §3; the SDK itself does not send
 * one for deactivation). The slow hash runs on the worker pool. An unknown user, a user without a
 * password and a wrong password get the same answer after the same work, so neither the response nor its
 * timing tells whether a username exists.
 */
@ApplicationScoped
public class PasswordCheck {

    private final Pool pool;
    private final DeactivationStore store;
    private final CpuStage cpu;

    public PasswordCheck(Pool pool, DeactivationStore store, CpuStage cpu) {
        this.pool = pool;
        this.store = store;
        this.cpu = cpu;
    }

    public static boolean applies(DeactivationPayload payload) {
        return payload.password() != null && payload.userBased();
    }

    public Uni<Void> check(VerifiedRequest request) {
        DeactivationPayload payload = request.payload();
        if (!applies(payload)) {
            return Uni.createFrom().voidItem();
        }
        return store.passwordHash(pool, request.companyId(), payload.product(), payload.username())
                .flatMap(hash -> cpu.offload(() -> PasswordHasher.verify(payload.password(), hash.orElse(null))))
                .map(matches -> {
                    if (!matches) {
                        throw ErrorCode.LICENSE_NOT_FOUND.exception("License not found for this user and password.");
                    }
                    return null;
                });
    }
}
