package dev.licensegateway.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the decoded bytes of a request file for {@link FastPayloadParser}: strict JSON (RFC 8259, as Jackson reads
 * it by default), but only the part of it the SDKs write — printable ASCII strings without escapes, integers of at
 * most 18 digits, plain numbers of at most 20 characters, shallow nesting, few keys per object. On anything
 * outside that subset it throws {@link #UNSURE} rather than deciding: the file then goes to Jackson, which
 * decides. So the cursor never accepts what Jackson refuses; it only declines more than Jackson does.
 * {@link VerbatimValue} checks, on top of it, a value the fast path keeps verbatim.
 */
final class JsonCursor {

    /** "Not a file the fast path handles": preallocated, without a stack trace, caught by the fast path only. */
    static final class Unsure extends RuntimeException {
        private Unsure() {
            super("not on the fast path", null, false, false);
        }
    }

    static final Unsure UNSURE = new Unsure();

    /** Jackson allows 16 (PayloadParser.MAX_NESTING); staying well below keeps its limit Jackson's alone to apply. */
    static final int MAX_DEPTH = 12;
    /** Longest string or name taken (Jackson allows 64 KiB; a longer one is Jackson's to refuse). */
    static final int MAX_STRING = 4096;
    /** Longest integer taken: 18 digits cannot overflow a long, so no range question arises. */
    private static final int MAX_DIGITS = 18;

    /** String content bytes: 0 taken, 1 the closing quote, 2 anything else (escape, control, DEL, non-ASCII). */
    private static final byte[] STRING_BYTES = new byte[256];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    static final byte[] NULL = {'n', 'u', 'l', 'l'};

    static {
        Arrays.fill(STRING_BYTES, (byte) 2);
        Arrays.fill(STRING_BYTES, 0x20, 0x7f, (byte) 0);
        STRING_BYTES['"'] = 1;
        STRING_BYTES['\\'] = 2;
    }

    private final byte[] bytes;
    private final int end;
    private int at;
    /** Content of the last string read: {@code bytes[stringStart, stringEnd)}. */
    private int stringStart;
    private int stringEnd;

    JsonCursor(byte[] bytes, int length) {
        this.bytes = bytes;
        this.end = length;
    }

    int position() {
        return at;
    }

    /** The byte at {@code i}, or -1 past the end of the file. */
    int byteAt(int i) {
        return i < end ? bytes[i] : -1;
    }

    void moveTo(int i) {
        at = i;
    }

    /** Whether the names at {@code a} and {@code b}, both {@code length} bytes, are the same. */
    boolean sameName(int a, int b, int length) {
        return length == 0 || (bytes[a] == bytes[b] && Arrays.equals(bytes, a, a + length, bytes, b, b + length));
    }

    /** The next byte after JSON whitespace (space, tab, CR, LF, as Jackson has it), not consumed; -1 at the end. */
    int peek() {
        int i = at;
        while (i < end) {
            byte c = bytes[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                at = i;
                return c;
            }
            i++;
        }
        at = i;
        return -1;
    }

    void expect(char c) {
        if (peek() != c) {
            throw UNSURE;
        }
        at++;
    }

    boolean skip(char c) {
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    void expectEnd() {
        if (peek() != -1) {
            throw UNSURE;
        }
    }

    /** A string at the cursor; its content is left in {@link #stringStart}/{@link #stringEnd}. */
    void string(int maxLength) {
        if (peek() != '"') {
            throw UNSURE;
        }
        int start = at + 1;
        int i = start;
        // Eight bytes at a time (most of a file is string content): the first byte that ends the string or needs
        // a look is found without a branch per byte.
        while (i + 8 <= end) {
            long special = special((long) LONGS.get(bytes, i));
            if (special != 0) {
                i += Long.numberOfTrailingZeros(special) >>> 3;
                break;
            }
            i += 8;
        }
        if (i + 8 > end) {
            while (i < end && STRING_BYTES[bytes[i] & 0xff] == 0) {
                i++;
            }
        }
        if (i >= end || bytes[i] != '"' || i - start > Math.min(maxLength, MAX_STRING)) {
            throw UNSURE;
        }
        stringStart = start;
        stringEnd = i;
        at = i + 1;
    }

    /**
     * The high bit of every byte of {@code x} that is not string content the cursor takes ({@code "}, {@code \\},
     * below 0x20, DEL and above), or more: {@code (v - 0x01…) & ~v & 0x80…} marks the bytes of {@code v} that are
     * zero, {@code (x - 0x20…) & ~x & 0x80…} those below 0x20, and a borrow can only mark bytes above one truly
     * marked, so the lowest mark is exact.
     */
    private static long special(long x) {
        long quote = x ^ 0x2222222222222222L;
        long backslash = x ^ 0x5c5c5c5c5c5c5c5cL;
        long del = x ^ 0x7f7f7f7f7f7f7f7fL;
        return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((del - ONES) & ~del)
                | ((x - 0x2020202020202020L) & ~x) | x) & HIGH_BITS;
    }

    /** A member name and its colon; returns the name's length, its bytes at {@link #nameStart()}. */
    int name() {
        string(MAX_STRING);
        expect(':');
        return stringEnd - stringStart;
    }

    int nameStart() {
        return stringStart;
    }

    boolean nameIs(byte[] name, int length) {
        // The first byte tells most candidates apart before the range compare.
        return length == name.length && length > 0 && bytes[stringStart] == name[0]
                && Arrays.equals(bytes, stringStart, stringEnd, name, 0, length);
    }

    /** A string of at most {@code maxLength} characters, or JSON null (then null). ASCII: one byte, one char. */
    String textOrNull(int maxLength) {
        if (peek() == 'n') {
            literal(NULL);
            return null;
        }
        string(maxLength);
        return new String(bytes, stringStart, stringEnd - stringStart, StandardCharsets.ISO_8859_1);
    }

    /** true, false, or null (then null). */
    Boolean flagOrNull() {
        switch (peek()) {
            case 't' -> {
                literal(TRUE);
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal(FALSE);
                return Boolean.FALSE;
            }
            default -> {
                literal(NULL);
                return null;
            }
        }
    }

    boolean skipNull() {
        if (peek() == 'n') {
            literal(NULL);
            return true;
        }
        return false;
    }

    /** An integer of at most 18 digits, or null (then null); a fraction or exponent is Jackson's to judge. */
    Long integerOrNull() {
        if (skipNull()) {
            return null;
        }
        int i = at;
        boolean negative = i < end && bytes[i] == '-';
        if (negative) {
            i++;
        }
        int first = i;
        long value = 0;
        while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
            value = value * 10 + (bytes[i] - '0');
            i++;
        }
        int digits = i - first;
        if (digits == 0 || digits > MAX_DIGITS || (digits > 1 && bytes[first] == '0')
                || (i < end && (bytes[i] == '.' || bytes[i] == 'e' || bytes[i] == 'E'))) {
            throw UNSURE;
        }
        at = i;
        return negative ? -value : value;
    }

    void literal(byte[] word) {
        int i = at;
        if (i + word.length > end || !Arrays.equals(bytes, i, i + word.length, word, 0, word.length)) {
            throw UNSURE;
        }
        at = i + word.length;
    }
}
