package dev.licensegateway.deactivation;

import dev.licensegateway.store.BoundedWaits;
import dev.licensegateway.store.DecisionStore;
import dev.licensegateway.verify.VerifiedRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies a verified request exactly once (SPEC §4–§5): a password in a user-based file is checked first (slow
 * hash, on the worker pool), then one call of the decision core claims the request id, locks the license,
 * checks the rules and writes, in a transaction of two round trips (the call, then the commit). A refusal
 * rolls the transaction back; the core has already left nothing of the file behind.
 */
@ApplicationScoped
public class DeactivationService {

    private final DecisionStore store;
    private final PasswordCheck passwords;
    private final BoundedWaits waits;

    public DeactivationService(DecisionStore store, PasswordCheck passwords, BoundedWaits waits) {
        this.store = store;
        this.passwords = passwords;
        this.waits = waits;
    }

    public Uni<Outcome> deactivate(VerifiedRequest request, String sourceIp) {
        return passwords.check(request).flatMap(ignored -> deactivateChecked(request, sourceIp));
    }

    /** The decision for a request whose password (if any) was already checked, as a batch checks them up front. */
    public Uni<Outcome> deactivateChecked(VerifiedRequest request, String sourceIp) {
        return waits.inTransaction(connection -> store.decide(connection, request.companyId(), sourceIp,
                        Decisions.of(request))
                .map(Decisions::outcome));
    }
}
