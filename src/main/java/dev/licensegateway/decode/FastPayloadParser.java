package dev.licensegateway.decode;

import dev.licensegateway.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The common request file bound straight from its decoded bytes, without Jackson: a flat v1 payload or a v2
 * envelope, the SDKs' ASCII JSON ({@link JsonCursor} says which subset). It only ever answers with a file:
 * the moment it meets anything it does not handle — an escape, a non-ASCII byte, an unknown or duplicate
 * field, a wrong type, a number at a limit, a rule of SPEC §3 broken — it returns null and {@link PayloadParser}
 * hands the file to its Jackson path, which is where every refusal and its message are written. Values go into
 * the same {@link PayloadFields} (and through the same presence rules) as Jackson's, so an accepted file binds
 * to the same {@link RequestFile}: {@code FastPayloadParserDifferentialTest} holds it to that.
 */
final class FastPayloadParser {

    /** The field names as bytes, bucketed by length for a lookup that compares one or two names. */
    private static final int[][] BY_LENGTH = byLength();
    private static final byte[][] NAME_BYTES = PayloadFields.NAMES.stream()
            .map(name -> name.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final byte[] FEATURE = "feature".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONSUMPTIONS = "consumptions".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;
    private final JsonCursor in;

    private FastPayloadParser(byte[] bytes, int length) {
        this.bytes = bytes;
        this.in = new JsonCursor(bytes, length);
    }

    /** The file the first {@code length} bytes hold, or null: not this parser's to decide. */
    static RequestFile parse(byte[] bytes, int length) {
        try {
            return new FastPayloadParser(bytes, length).file();
        } catch (JsonCursor.Unsure | ApiException e) {
            return null;
        }
    }

    /** The root: as {@code PayloadParser.readRoot} reads it, but any doubt is a hand-over, not a verdict. */
    private RequestFile file() {
        in.expect('{');
        PayloadFields flat = new PayloadFields();
        PayloadFields inner = null;
        int offset = -1;
        int end = -1;
        if (!in.skip('}')) {
            do {
                int index = fieldIndex(in.name());
                if (index == PayloadFields.REQUEST && in.peek() == '{') {
                    if (inner != null || flat.has(PayloadFields.REQUEST)) {
                        throw JsonCursor.UNSURE;
                    }
                    offset = in.position();
                    inner = new PayloadFields();
                    members(inner, 2);
                    end = in.position();
                } else {
                    if (index == PayloadFields.REQUEST && inner != null) {
                        throw JsonCursor.UNSURE;
                    }
                    value(flat, index, 1);
                }
            } while (in.skip(','));
            in.expect('}');
        }
        in.expectEnd();
        if (inner == null) {
            return new RequestFile(1, flat.toPayload(1), null, -1, -1);
        }
        String outerSignature = flat.text(PayloadFields.SIGNATURE);
        if (flat.hasAnyField() || outerSignature == null) {
            throw JsonCursor.UNSURE;
        }
        return new RequestFile(2, inner.toPayload(2), outerSignature, offset, end - offset);
    }

    /** The members of the payload object at the cursor, which has nesting depth {@code depth}. */
    private void members(PayloadFields fields, int depth) {
        in.expect('{');
        if (in.skip('}')) {
            return;
        }
        do {
            value(fields, fieldIndex(in.name()), depth);
        } while (in.skip(','));
        in.expect('}');
    }

    /** The value of field {@code index}, a member of an object at nesting depth {@code depth}. */
    private void value(PayloadFields fields, int index, int depth) {
        if (!fields.claim(index)) {
            throw JsonCursor.UNSURE;
        }
        switch (PayloadFields.kind(index)) {
            case TEXT -> {
                String value = in.textOrNull(PayloadFields.maxLength(index));
                fields.setText(index, value == null ? null : PayloadFields.present(value));
            }
            case FLAG -> {
                Boolean value = in.flagOrNull();
                if (value != null) {
                    fields.setFlag(value);
                }
            }
            case INTEGER -> {
                Long value = in.integerOrNull();
                if (value != null) {
                    fields.setInteger(index, value);
                }
            }
            case FEATURES -> fields.setFeatures(features());
            case VARIABLES -> {
                if (in.skipNull()) {
                    return;
                }
                int first = in.peek();
                if (first != '{' && first != '[') {
                    throw JsonCursor.UNSURE;
                }
                int start = in.position();
                new VerbatimValue(in).check(depth + 1);
                // ASCII only here, so Latin-1 decodes to the same text as Jackson's path (UTF-8) does.
                fields.setVariables(new String(bytes, start, in.position() - start, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** {@code product_features}: an array of entries, a single entry (the seed's schema) or null. */
    private List<DeactivationPayload.FeatureConsumption> features() {
        if (in.skipNull()) {
            return List.of();
        }
        if (in.peek() == '{') {
            return List.of(feature());
        }
        in.expect('[');
        if (in.skip(']')) {
            return List.of();
        }
        List<DeactivationPayload.FeatureConsumption> list = new ArrayList<>(4);
        do {
            if (list.size() == ProductFeatures.MAX_FEATURES || in.peek() != '{') {
                throw JsonCursor.UNSURE;
            }
            list.add(feature());
        } while (in.skip(','));
        in.expect(']');
        return List.copyOf(list);
    }

    private DeactivationPayload.FeatureConsumption feature() {
        in.expect('{');
        String feature = null;
        Long consumptions = null;
        boolean sawFeature = false;
        boolean sawConsumptions = false;
        if (!in.skip('}')) {
            do {
                int length = in.name();
                if (!sawFeature && in.nameIs(FEATURE, length)) {
                    sawFeature = true;
                    String value = in.textOrNull(PayloadFields.MAX_KEY_LENGTH);
                    feature = value == null ? null : PayloadFields.present(value);
                } else if (!sawConsumptions && in.nameIs(CONSUMPTIONS, length)) {
                    sawConsumptions = true;
                    consumptions = in.integerOrNull();
                } else {
                    throw JsonCursor.UNSURE; // unknown or duplicate: Jackson's message
                }
            } while (in.skip(','));
            in.expect('}');
        }
        return ProductFeatures.entry(feature, consumptions);
    }

    /** The index in {@link PayloadFields#NAMES} of the name just read, or a hand-over for an unknown one. */
    private int fieldIndex(int length) {
        if (length < BY_LENGTH.length) {
            for (int index : BY_LENGTH[length]) {
                if (in.nameIs(NAME_BYTES[index], length)) {
                    return index;
                }
            }
        }
        throw JsonCursor.UNSURE;
    }

    private static int[][] byLength() {
        int longest = PayloadFields.NAMES.stream().mapToInt(String::length).max().orElse(0);
        int[][] buckets = new int[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            final int wanted = length;
            buckets[length] = java.util.stream.IntStream.range(0, PayloadFields.NAMES.size())
                    .filter(i -> PayloadFields.NAMES.get(i).length() == wanted).toArray();
        }
        return buckets;
    }
}
