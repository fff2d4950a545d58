package dev.licensegateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.deactivation.Outcome;
import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.decode.DecodedBody;
import dev.licensegateway.decode.NamedFile;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.Failures;
import dev.licensegateway.verify.VerifiedRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * One file of a portal upload on its way through the steps (decode, proof, decision), with what is known
 * of it so far: the first failure wins and ends its way. What it claims (product, license, hardware id,
 * request id) is shown even when it is refused, so an operator can tell which device a refused file came
 * from; those values are the file's, unproven, and the page shows them as text. The company is shown
 * once the file is proven to be that company's.
 */
final class UploadedFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    final NamedFile file;
    DecodedBody decoded;
    VerifiedRequest request;
    String company;
    String product;
    String license;
    String hardwareId;
    String requestId;
    Outcome outcome;
    ApiException error;

    UploadedFile(NamedFile file) {
        this.file = file;
    }

    /** Decodes the file and reads what it claims, for the table; proving it is the verifier's. CPU only. */
    void decode() {
        try {
            decoded = file.decode().get();
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        show(decoded);
    }

    boolean pending() {
        return error == null && outcome == null;
    }

    void fail(Throwable failure) {
        if (pending()) {
            error = Failures.classify(failure);
        }
    }

    /** Proven: from here on the table shows the verified payload and the company its key belongs to. */
    void proven(VerifiedRequest verified) {
        request = verified;
        company = verified.companyId();
        DeactivationPayload payload = verified.payload();
        product = payload.product();
        license = payload.licenseIdentity();
        hardwareId = payload.hardwareId();
        requestId = payload.requestId();
    }

    /** The line the upload answers for this file. */
    JsonObject toJson() {
        JsonObject line = new JsonObject().put("index", file.index()).put("name", file.name());
        if (error == null) {
            line.put("status", 200).put("result", DeactivateOfflineRoute.DEACTIVATED)
                    .put("outcome", outcome == Outcome.REPLAYED ? "already_applied" : "deactivated");
        } else {
            line.put("status", error.code().status()).put("outcome", "error")
                    .put("code", error.code().code()).put("message", error.getMessage());
        }
        return line.put("company", company).put("product", product).put("license", license)
                .put("hardware_id", hardwareId).put("request_id", requestId);
    }

    /** What the file claims (a v1 object or a v2 envelope's request): its plain string fields, if it is JSON. */
    private void show(DecodedBody body) {
        try {
            JsonNode root = JSON.readTree(body.bytes(), 0, body.length());
            JsonNode fields = root != null && root.path("request").isObject() ? root.get("request") : root;
            if (fields == null || !fields.isObject()) {
                return;
            }
            product = text(fields, "product");
            license = text(fields, "license_key") != null ? text(fields, "license_key") : text(fields, "username");
            hardwareId = text(fields, "hardware_id");
            requestId = text(fields, "request_id");
        } catch (IOException | RuntimeException e) {
            // Not JSON at all: nothing to show but the error.
        }
    }

    private static String text(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || !value.isTextual()) {
            return null;
        }
        String text = value.asText();
        return text.length() <= 256 ? text : text.substring(0, 256);
    }
}
