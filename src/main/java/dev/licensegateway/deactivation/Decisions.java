package dev.licensegateway.deactivation;

import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.decode.DeactivationPayload.FeatureConsumption;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.store.Deactivation;
import dev.licensegateway.store.Decision;
import dev.licensegateway.verify.VerifiedRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Between a verified request and the decision core ({@code lg_deactivate}, migration V40): what a file asks
 * for, and what the core's outcome code means as an answer. The rules themselves are only in the core.
 */
final class Decisions {

    private static final Map<String, ErrorCode> BY_CODE = new HashMap<>();

    static {
        for (ErrorCode code : ErrorCode.values()) {
            BY_CODE.put(code.code(), code);
        }
    }

    private Decisions() {
    }

    static Deactivation of(VerifiedRequest request) {
        DeactivationPayload p = request.payload();
        List<String> codes = new ArrayList<>(p.productFeatures().size());
        List<Long> deltas = new ArrayList<>(p.productFeatures().size());
        for (FeatureConsumption feature : p.productFeatures()) {
            codes.add(feature.feature());
            deltas.add(feature.consumptions());
        }
        return new Deactivation(p.requestId(), request.payloadDigest(), request.signatureFingerprint(), p.product(),
                p.licenseKey(), p.licenseKey() == null ? p.username() : null, p.hardwareId(), p.variablesJson(),
                p.consumptions(), codes, deltas, request.principal(), request.schemaVersion(),
                new JsonObject(p.clientInfo()).encode());
    }

    /** The outcome of an accepted or replayed file; a refusal is thrown as its documented error. */
    static Outcome outcome(Decision decision) {
        return switch (decision.outcome()) {
            case Decision.DEACTIVATED -> Outcome.DEACTIVATED;
            case Decision.REPLAYED -> Outcome.REPLAYED;
            default -> throw refusal(decision);
        };
    }

    static ApiException refusal(Decision decision) {
        ErrorCode code = BY_CODE.get(decision.outcome());
        if (code == null || code.status() >= 500) {
            throw new IllegalStateException("lg_deactivate answered an unknown outcome: " + decision.outcome());
        }
        return decision.detail() == null ? code.exception() : code.exception(decision.detail());
    }
}
