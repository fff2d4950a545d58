package dev.licensegateway.decode;

import java.util.List;
import java.util.Map;

/**
 * The fields of a deactivation request file (v1 flat, or the {@code request} member of a v2 envelope),
 * validated for presence and type. {@code clientInfo} holds the descriptive fields (os, host, app, sdk)
 * that only go to the audit trail. In a v2 file {@code signature}, {@code requestId} and {@code request} (the
 * kind, {@code "deactivation"}) may be absent until the outer signature has shown whether the file needs them;
 * {@code variablesJson} is the exact text of the file's {@code variables}.
 */
public record DeactivationPayload(
        String product,
        String licenseKey,
        String username,
        String password,
        String hardwareId,
        String apiKey,
        String clientId,
        String date,
        String signature,
        String requestId,
        long consumptions,
        List<FeatureConsumption> productFeatures,
        String variablesJson,
        Map<String, Object> clientInfo,
        String request) {

    /** The same file under another request id: the {@code sha256:…} key of a file that names none (SPEC §5). */
    public DeactivationPayload withRequestId(String id) {
        if (id.equals(requestId)) {
            return this;
        }
        return new DeactivationPayload(product, licenseKey, username, password, hardwareId, apiKey, clientId, date,
                signature, id, consumptions, productFeatures, variablesJson, clientInfo, request);
    }

    /** The license identifier the inner signature covers: the key, or the user's name. */
    public String licenseIdentity() {
        return licenseKey != null ? licenseKey : username;
    }

    /** The api key or OAuth client id the file names. */
    public String principal() {
        return apiKey != null ? apiKey : clientId;
    }

    public boolean userBased() {
        return licenseKey == null;
    }

    @Override
    public String toString() {
        // Never print the signature or password; the rest identifies the request well enough.
        return "DeactivationPayload[product=" + product + ", requestId=" + requestId + ", hardwareId=" + hardwareId + "]";
    }

    /** One {@code product_features} entry: a consumption delta for one feature code. */
    public record FeatureConsumption(String feature, long consumptions) {
    }
}
