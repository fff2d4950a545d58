package dev.licensegateway.error;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The one error shape of the API: {@code {"status", "code", "message"}}. */
public record ErrorBody(int status, String code, String message) {

    public Buffer toBuffer() {
        return new JsonObject().put("status", status).put("code", code).put("message", message).toBuffer();
    }
}
