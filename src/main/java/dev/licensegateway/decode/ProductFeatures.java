package dev.licensegateway.decode;

import static dev.licensegateway.decode.PayloadFields.MAX_ABS_CONSUMPTIONS;
import static dev.licensegateway.decode.PayloadFields.MAX_KEY_LENGTH;
import static dev.licensegateway.decode.JacksonFields.integer;
import static dev.licensegateway.decode.JacksonFields.shown;
import static dev.licensegateway.decode.JacksonFields.text;
import static dev.licensegateway.decode.JacksonFields.wrongType;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A payload's {@code product_features}: consumption deltas per feature code, checked as they stream by. */
final class ProductFeatures {

    static final int MAX_FEATURES = 256;

    private ProductFeatures() {
    }

    /** An array of {feature, consumptions}; a single such object is accepted too (the seed's schema). */
    static List<DeactivationPayload.FeatureConsumption> read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (token == JsonToken.START_OBJECT) {
            return List.of(feature(parser));
        }
        if (token != JsonToken.START_ARRAY) {
            throw wrongType("product_features", "an array of objects");
        }
        List<DeactivationPayload.FeatureConsumption> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw wrongType("product_features", "an array of objects");
            }
            if (list.size() == MAX_FEATURES) {
                throw PayloadParser.validation("Field 'product_features' has more than " + MAX_FEATURES + " entries.");
            }
            list.add(feature(parser));
        }
        return List.copyOf(list);
    }

    private static DeactivationPayload.FeatureConsumption feature(JsonParser parser) throws IOException {
        String feature = null;
        Long consumptions = null;
        boolean sawFeature = false;
        boolean sawConsumptions = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "feature" -> {
                    if (sawFeature) {
                        throw duplicateInFeature(name);
                    }
                    sawFeature = true;
                    feature = text("product_features.feature", parser, MAX_KEY_LENGTH);
                }
                case "consumptions" -> {
                    if (sawConsumptions) {
                        throw duplicateInFeature(name);
                    }
                    sawConsumptions = true;
                    consumptions = integer("product_features.consumptions", parser);
                }
                default -> throw PayloadParser.validation("Unknown field 'product_features." + shown(name) + "'.");
            }
        }
        return entry(feature, consumptions);
    }

    /** One entry once its members are read (by Jackson or the fast path): both present, the delta in range. */
    static DeactivationPayload.FeatureConsumption entry(String feature, Long consumptions) {
        if (feature == null) {
            throw PayloadParser.validation("Missing field 'product_features.feature'.");
        }
        if (consumptions == null) {
            throw PayloadParser.validation("Missing field 'product_features.consumptions'.");
        }
        if (consumptions > MAX_ABS_CONSUMPTIONS || consumptions < -MAX_ABS_CONSUMPTIONS) {
            throw PayloadParser.validation("Field 'product_features.consumptions' is out of range.");
        }
        return new DeactivationPayload.FeatureConsumption(feature, consumptions);
    }

    private static RuntimeException duplicateInFeature(String name) {
        return PayloadParser.validation("A product_features entry has a duplicate field '" + shown(name) + "'.");
    }
}
