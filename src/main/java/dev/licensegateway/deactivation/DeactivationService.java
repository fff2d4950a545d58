package dev.licensegateway.deactivation;

import dev.licensegateway.verify.VerifiedRequest;
import dev.licensegateway.store.TimeSplit;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies a verified request exactly once (SPEC §4–§5): a password in a user-based file is checked first (slow
 * hash, on the worker pool), then one call of the decision core claims the request id, locks the license,
 * checks the rules and writes, in a transaction of one round trip (BEGIN, the call and COMMIT in one flight). A refused
 * file leaves nothing behind: the core deletes its own claim before answering. Files of a license that
 * arrive while one of its transactions is in flight are decided together in the next ({@link LicenseLanes}).
 */
@ApplicationScoped
public class DeactivationService {

    private final LicenseLanes lanes;
    private final PasswordCheck passwords;

    public DeactivationService(LicenseLanes lanes, PasswordCheck passwords) {
        this.lanes = lanes;
        this.passwords = passwords;
    }

    public Uni<Outcome> deactivate(VerifiedRequest request, String sourceIp, TimeSplit split) {
        return passwords.check(request).flatMap(ignored -> deactivateChecked(request, sourceIp, split));
    }

    /** The decision for a request whose password (if any) was already checked, as a batch checks them up front. */
    public Uni<Outcome> deactivateChecked(VerifiedRequest request, String sourceIp, TimeSplit split) {
        return lanes.decide(request.companyId(), sourceIp, Decisions.of(request), split).map(Decisions::outcome);
    }
}
