package dev.licensegateway.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import java.io.IOException;

/**
 * Binds a decoded request file to a {@link RequestFile} straight from its bytes: the common file by a byte-level
 * fast path, anything else by Jackson's streaming parser.
 * Strict: unknown fields, wrong types, duplicate keys, trailing tokens, NUL characters and lone
 * surrogates are refused with a documented error, never an exception that escapes as a 500. The seed's
 * JSON Schema cannot be used as written (SPEC §3), so validation follows the SPEC's field list.
 */
public final class PayloadParser {

    static final int MAX_NESTING = 16;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(40)
                    .maxStringLength(64 * 1024)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PayloadParser() {
    }

    public static RequestFile parse(DecodedBody body) {
        return parseReporting(body).file();
    }

    /** A bound file and whether the fast path bound it (for the test that the SDKs' files keep taking it). */
    record Parsed(RequestFile file, boolean fast) {
    }

    /**
     * The byte-level fast path first ({@link FastPayloadParser}): it binds the common file or declines, never
     * refuses. Whatever it declines — every refusal included — Jackson's streaming parser decides.
     */
    static Parsed parseReporting(DecodedBody body) {
        RequestFile fast = FastPayloadParser.parse(body.bytes(), body.length());
        if (fast != null) {
            return new Parsed(fast, true);
        }
        return new Parsed(parseWithJackson(body), false);
    }

    /** The strict reference reader: every documented refusal and its message is written here, once. */
    static RequestFile parseWithJackson(DecodedBody body) {
        if (!StrictUtf8.wellFormed(body.bytes(), body.length())) {
            throw ErrorCode.INVALID_JSON.exception("The request file is not well-formed UTF-8.");
        }
        try (JsonParser parser = FACTORY.createParser(body.bytes(), 0, body.length())) {
            // Jackson reads UTF-16/32 through a Reader without byte offsets, which the v2 signature span needs: UTF-8 only.
            if (parser.currentLocation().getByteOffset() < 0 || parser.nextToken() != JsonToken.START_OBJECT) {
                throw ErrorCode.INVALID_JSON.exception();
            }
            RequestFile file = readRoot(parser, body.bytes());
            if (parser.nextToken() != null) {
                throw ErrorCode.INVALID_JSON.exception("The request file has content after its JSON object.");
            }
            return file;
        } catch (StreamConstraintsException e) {
            throw ErrorCode.VALIDATION_ERROR.exception("The request file exceeds a size or nesting limit.");
        } catch (IOException e) {
            // Covers malformed JSON, invalid UTF-8 and duplicate keys; Jackson's message is not echoed.
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Duplicate field")) {
                throw ErrorCode.VALIDATION_ERROR.exception("The request file has a duplicate field.");
            }
            throw ErrorCode.INVALID_JSON.exception();
        }
    }

    /** At the root: either a flat v1 payload, or a v2 envelope {@code {"request": {…}, "signature": "…"}}. */
    private static RequestFile readRoot(JsonParser parser, byte[] source) throws IOException {
        PayloadFields flat = new PayloadFields();
        PayloadFields inner = null;
        String outerSignature = null;
        boolean sawOuterSignature = false;
        int offset = -1;
        int end = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("request".equals(name) && value == JsonToken.START_OBJECT) {
                offset = (int) parser.currentTokenLocation().getByteOffset();
                inner = new PayloadFields();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    JacksonFields.read(inner, source, field, parser);
                }
                end = (int) parser.currentLocation().getByteOffset();
            } else if ("signature".equals(name)) {
                // Kept for both shapes: in v1 it is the inner signature, in v2 the outer one.
                sawOuterSignature = true;
                outerSignature = JacksonFields.read(flat, source, name, parser);
            } else {
                JacksonFields.read(flat, source, name, parser);
            }
        }
        if (inner == null) {
            return new RequestFile(1, flat.toPayload(1), null, -1, -1);
        }
        if (flat.hasAnyField()) {
            throw ErrorCode.VALIDATION_ERROR.exception("A schema v2 file has only the fields 'request' and 'signature'.");
        }
        if (!sawOuterSignature || outerSignature == null) {
            throw ErrorCode.VALIDATION_ERROR.exception("Missing field 'signature' of the schema v2 envelope.");
        }
        return new RequestFile(2, inner.toPayload(2), outerSignature, offset, end - offset);
    }

    static ApiException validation(String message) {
        return ErrorCode.VALIDATION_ERROR.exception(message);
    }
}
