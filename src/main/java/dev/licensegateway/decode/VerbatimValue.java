package dev.licensegateway.decode;

import java.util.Arrays;

/**
 * Checks a value the fast path keeps verbatim ({@code variables}) the way Jackson's strict reading would — RFC 8259
 * syntax, no key twice in one object, nesting within {@link JsonCursor#MAX_DEPTH} — without binding it; like the
 * cursor, it throws {@link JsonCursor#UNSURE} rather than decide anything it does not handle.
 */
final class VerbatimValue {

    /** Longest number taken (Jackson allows 40 characters). */
    private static final int MAX_NUMBER = 20;
    /** Keys of all open objects, to find a duplicate the way Jackson's strict mode does. */
    private static final int MAX_OPEN_KEYS = 256;

    private final JsonCursor in;
    private int[] openKeys;
    private int openKeyCount;

    VerbatimValue(JsonCursor in) {
        this.in = in;
    }

    /** Any JSON value, checked and skipped; {@code depth}: the nesting depth a container opened here has. */
    void check(int depth) {
        switch (in.peek()) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> in.string(JsonCursor.MAX_STRING);
            case 't' -> in.literal(JsonCursor.TRUE);
            case 'f' -> in.literal(JsonCursor.FALSE);
            case 'n' -> in.literal(JsonCursor.NULL);
            default -> number();
        }
    }

    private void object(int depth) {
        if (depth > JsonCursor.MAX_DEPTH) {
            throw JsonCursor.UNSURE;
        }
        in.moveTo(in.position() + 1);
        if (in.skip('}')) {
            return;
        }
        int base = openKeyCount;
        do {
            int length = in.name();
            rememberKey(base, in.nameStart(), length);
            check(depth + 1);
        } while (in.skip(','));
        in.expect('}');
        openKeyCount = base;
    }

    /** Jackson refuses a key its object already has; so does the fast path, by handing the file over. */
    private void rememberKey(int base, int start, int length) {
        if (openKeys == null) {
            openKeys = new int[2 * 16];
        }
        for (int k = base; k < openKeyCount; k++) {
            int other = openKeys[2 * k];
            if (openKeys[2 * k + 1] == length && in.sameName(other, start, length)) {
                throw JsonCursor.UNSURE;
            }
        }
        if (openKeyCount == MAX_OPEN_KEYS) {
            throw JsonCursor.UNSURE;
        }
        if (2 * openKeyCount + 2 > openKeys.length) {
            openKeys = Arrays.copyOf(openKeys, openKeys.length * 2);
        }
        openKeys[2 * openKeyCount] = start;
        openKeys[2 * openKeyCount + 1] = length;
        openKeyCount++;
    }

    private void array(int depth) {
        if (depth > JsonCursor.MAX_DEPTH) {
            throw JsonCursor.UNSURE;
        }
        in.moveTo(in.position() + 1);
        if (in.skip(']')) {
            return;
        }
        do {
            check(depth + 1);
        } while (in.skip(','));
        in.expect(']');
    }

    /** RFC 8259's number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private void number() {
        int start = in.position();
        int i = start;
        if (in.byteAt(i) == '-') {
            i++;
        }
        if (in.byteAt(i) == '0') {
            i++;
            if (isDigit(in.byteAt(i))) {
                throw JsonCursor.UNSURE;
            }
        } else {
            i = digits(i);
        }
        if (in.byteAt(i) == '.') {
            i = digits(i + 1);
        }
        if (in.byteAt(i) == 'e' || in.byteAt(i) == 'E') {
            i++;
            if (in.byteAt(i) == '+' || in.byteAt(i) == '-') {
                i++;
            }
            i = digits(i);
        }
        if (i - start > MAX_NUMBER) {
            throw JsonCursor.UNSURE;
        }
        in.moveTo(i);
    }

    /** One or more digits from {@code i}; returns the index after them. */
    private int digits(int i) {
        int first = i;
        while (isDigit(in.byteAt(i))) {
            i++;
        }
        if (i == first) {
            throw JsonCursor.UNSURE;
        }
        return i;
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }
}
