package dev.licensegateway.admin.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.licensegateway.admin.model.ImportDocument;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Reads admin documents strictly (unknown fields, duplicate keys and type coercions are errors: a typo in
 * a provisioning file must not silently become a default) and turns Jackson's failures into
 * {@code validation_error}s that name the field path, e.g. {@code companies[0].products[1].licenses[3].type}.
 * Messages never quote the document's values: they may be secrets.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = build();

    private StrictJson() {
    }

    /**
     * @param context where the JSON came from, prefixed to messages: "" for a whole document (paths are
     *                then enough), "line 12" for one line of an NDJSON stream
     */
    public static <T> T read(byte[] json, Class<T> type, String context) {
        try {
            return MAPPER.readValue(json, type);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(context, path(e), "unknown field");
        } catch (MismatchedInputException e) {
            String path = path(e);
            if (path.isEmpty()) {
                throw ErrorCode.VALIDATION_ERROR.exception(
                        (context.isEmpty() ? "the document" : context) + " must be a JSON object");
            }
            throw invalid(context, path, "expected " + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException range) {
                // A well-formed number too large for the field: the field is wrong, not the JSON.
                throw invalid(context, path(e), "must be an integer from " + range(range.getTargetType()));
            }
            if (e.getCause() instanceof StreamReadException syntax) {
                // Broken JSON met inside a nested value: still a syntax error, not a bad field.
                throw syntaxError(context, syntax);
            }
            throw invalid(context, path(e), "invalid value");
        } catch (StreamReadException e) {
            throw syntaxError(context, e);
        } catch (IOException e) {
            throw ErrorCode.INVALID_JSON.exception(prefix(context) + "the body could not be read");
        }
    }

    private static String range(Class<?> type) {
        return type == Integer.class || type == int.class ? Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                : Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }

    private static ApiException invalid(String context, String path, String problem) {
        return ErrorCode.VALIDATION_ERROR.exception(prefix(context) + path + ": " + problem);
    }

    private static String prefix(String context) {
        return context.isEmpty() ? "" : context + ": ";
    }

    private static ApiException syntaxError(String context, StreamReadException e) {
        String what = context.isEmpty() ? "the document" : context;
        if (e.getLocation() == null) {
            return ErrorCode.INVALID_JSON.exception(what + " is not valid JSON");
        }
        return ErrorCode.INVALID_JSON.exception(what + " is not valid JSON (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")");
    }

    /** Jackson's reference chain in the notation of the README: {@code a[0].b}. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == ImportDocument.SharedKey.class) {
            return "a string or an object";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "another type";
    }

    private static ObjectMapper build() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        // "5" is not an integer, 5 is not a string, 1 is not true.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }
}
