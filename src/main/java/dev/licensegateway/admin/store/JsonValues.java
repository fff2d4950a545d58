package dev.licensegateway.admin.store;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** jsonb values as plain maps, lists and scalars, which any Jackson mapper writes back as the same JSON. */
public final class JsonValues {

    private JsonValues() {
    }

    public static Object parse(String text) {
        return text == null ? null : plain(Json.decodeValue(text));
    }

    public static Object plain(Object value) {
        if (value instanceof JsonObject object) {
            return object.getMap();
        }
        if (value instanceof JsonArray array) {
            return array.getList();
        }
        return value;
    }
}
