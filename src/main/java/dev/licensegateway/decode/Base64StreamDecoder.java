package dev.licensegateway.decode;

import dev.licensegateway.error.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Decodes base64 text incrementally, chunk by chunk as it arrives from the network, into one pre-sized
 * byte array: no String of the body, no copy of the encoded text. Whitespace and line breaks anywhere
 * are skipped (the SDK writes a trailing newline; some tools wrap at 76 columns). Both the standard and
 * the URL-safe alphabet are accepted; padding is optional but must come last. A body posted as
 * {@code application/json} may instead be the decoded JSON object itself (the legacy Go SDK posts it so):
 * with {@link #acceptJsonObject()}, a body whose first non-blank byte is <code>{</code> is kept verbatim.
 */
public final class Base64StreamDecoder {

    private static final byte SKIP = -2;
    private static final byte INVALID = -1;
    private static final byte[] VALUES = new byte[256];

    static {
        java.util.Arrays.fill(VALUES, INVALID);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
        VALUES['-'] = 62;
        VALUES['_'] = 63;
        for (char c : new char[] {' ', '\t', '\r', '\n', '\f'}) {
            VALUES[c] = SKIP;
        }
    }

    private static final VarHandle LE_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** A character's six bits shifted to its place in a quantum; negative (the sign bit) when not in the alphabet. */
    private static final int[] AT18 = shifted(18);
    private static final int[] AT12 = shifted(12);
    private static final int[] AT6 = shifted(6);
    private static final int[] AT0 = shifted(0);

    /** The JDK's decoder: on this JDK its bulk loop is a SIMD intrinsic, ~30 times faster than ours (JMH). */
    private static final Base64.Decoder JDK = Base64.getDecoder();
    /** Below this many characters the JDK call's fixed cost (wrappers, one array) outweighs its speed. */
    private static final int JDK_MIN_CHARS = 256;

    private final long maxEncodedBytes;
    /** Off for the rest of the body once the JDK refused a run (whitespace, URL-safe alphabet, padding). */
    private boolean jdkRuns = true;
    private byte[] out;
    private int length;
    private int quantum;
    private int quantumSize;
    private int padding;
    private long encodedBytes;
    private boolean invalid;
    /** 0: base64 only; 1: JSON allowed, not yet decided; 2: the body is the JSON object itself. */
    private int jsonMode;

    /**
     * @param expectedEncodedBytes the Content-Length when known (0 otherwise), to size the array once
     * @param maxEncodedBytes      the body limit; {@link #overLimit()} turns true past it
     */
    public Base64StreamDecoder(long expectedEncodedBytes, long maxEncodedBytes) {
        this.maxEncodedBytes = maxEncodedBytes;
        long expected = expectedEncodedBytes > 0 ? Math.min(expectedEncodedBytes, maxEncodedBytes) : 1024;
        this.out = new byte[(int) (expected / 4 * 3 + 3)];
    }

    private static int[] shifted(int shift) {
        int[] table = new int[256];
        for (int c = 0; c < 256; c++) {
            table[c] = VALUES[c] >= 0 ? VALUES[c] << shift : Integer.MIN_VALUE;
        }
        return table;
    }

    /** The body may be the decoded JSON object itself, not its base64 (SPEC §2, {@code application/json}). */
    public void acceptJsonObject() {
        jsonMode = 1;
    }

    public void feed(Buffer chunk) {
        // The Netty buffer underneath, without a copy: its backing array when it has one, else a byte walk
        // without the per-byte bounds checks of Buffer.getByte.
        ByteBuf bytes = chunk.getByteBuf();
        if (bytes.hasArray() || jsonMode != 0) {
            if (!bytes.hasArray()) {
                byte[] copy = new byte[bytes.readableBytes()];
                bytes.getBytes(bytes.readerIndex(), copy);
                feed(copy, 0, copy.length);
                return;
            }
            feed(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
            return;
        }
        encodedBytes += bytes.readableBytes();
        if (invalid || overLimit()) {
            return;
        }
        ensure(bytes.readableBytes() / 4 * 3 + 3);
        bytes.forEachByte(b -> {
            accept(b);
            return true;
        });
    }

    public void feed(byte[] chunk, int offset, int count) {
        encodedBytes += count;
        if (invalid || overLimit()) {
            return;
        }
        if (jsonMode == 1) {
            decideJson(chunk, offset, count);
        }
        if (jsonMode == 2) {
            ensure(count);
            System.arraycopy(chunk, offset, out, length, count);
            length += count;
            return;
        }
        ensure(count / 4 * 3 + 3);
        int i = offset;
        int end = offset + count;
        while (i < end) {
            if (quantumSize == 0 && padding == 0) {
                i = decodeQuanta(chunk, i, end);
                if (i == end) {
                    break;
                }
            }
            accept(chunk[i++]);
        }
    }

    /**
     * Fast path at a quantum boundary: runs of four alphabet characters decode straight to three bytes, in
     * locals (the output array was sized for the chunk by {@link #ensure}). Returns the index of the first
     * character it did not take: whitespace, padding, an invalid byte or a partial quantum.
     */
    private int decodeQuanta(byte[] chunk, int from, int end) {
        if (jdkRuns && end - from >= JDK_MIN_CHARS) {
            from = decodeStandardRun(chunk, from, end);
        }
        byte[] target = out;
        int at = length;
        int i = from;
        // Eight characters at a time: one load, four lookups per half in tables that hold each value already
        // shifted into place (negative for anything but the alphabet), one store of six bytes (and two spare ones,
        // overwritten next or past the decoded length: the array is sized with room for them).
        while (i <= end - 8 && at + 8 <= target.length) {
            long w = (long) LE_LONGS.get(chunk, i);
            int high = AT18[(int) w & 0xff] | AT12[(int) (w >>> 8) & 0xff] | AT6[(int) (w >>> 16) & 0xff]
                    | AT0[(int) (w >>> 24) & 0xff];
            int low = AT18[(int) (w >>> 32) & 0xff] | AT12[(int) (w >>> 40) & 0xff] | AT6[(int) (w >>> 48) & 0xff]
                    | AT0[(int) (w >>> 56) & 0xff];
            if ((high | low) < 0) {
                break;
            }
            BE_LONGS.set(target, at, ((long) high << 40) | ((long) low << 16));
            at += 6;
            i += 8;
        }
        int last = end - 4;
        while (i <= last) {
            int a = VALUES[chunk[i] & 0xff];
            int b = VALUES[chunk[i + 1] & 0xff];
            int c = VALUES[chunk[i + 2] & 0xff];
            int d = VALUES[chunk[i + 3] & 0xff];
            if ((a | b | c | d) < 0) {
                break;
            }
            int bits = a << 18 | b << 12 | c << 6 | d;
            target[at] = (byte) (bits >> 16);
            target[at + 1] = (byte) (bits >> 8);
            target[at + 2] = (byte) bits;
            at += 3;
            i += 4;
        }
        length = at;
        return i;
    }

    /**
     * The chunk's whole quanta but the last, when they are all of the standard alphabet, through the JDK's
     * decoder; returns where it stopped ({@code from} when it took nothing). The last quantum is left to the
     * loops below because it may hold padding, after which nothing but whitespace may follow. A run the JDK
     * refuses, or one it decoded short (padding inside), is left whole to the loops, which judge it as before;
     * a body wrapped into lines (MIME 76, PEM 64 columns) is seen at once and never costs the JDK's exception.
     */
    private int decodeStandardRun(byte[] chunk, int from, int end) {
        if (isLineBreak(chunk, from + 76, end) || isLineBreak(chunk, from + 64, end)) {
            jdkRuns = false;
            return from;
        }
        int quanta = (end - from) / 4 - 1;
        try {
            ByteBuffer decoded = JDK.decode(ByteBuffer.wrap(chunk, from, quanta * 4));
            if (decoded.remaining() != quanta * 3) {
                jdkRuns = false;
                return from;
            }
            System.arraycopy(decoded.array(), decoded.arrayOffset() + decoded.position(), out, length, quanta * 3);
            length += quanta * 3;
            return from + quanta * 4;
        } catch (IllegalArgumentException notStandard) {
            jdkRuns = false;
            return from;
        }
    }

    private static boolean isLineBreak(byte[] chunk, int at, int end) {
        return at < end && (chunk[at] == '\n' || chunk[at] == '\r');
    }

    /** At the first non-blank byte: a JSON object is kept verbatim, anything else is decoded as base64. */
    private void decideJson(byte[] chunk, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            if (VALUES[chunk[i] & 0xff] != SKIP) {
                jsonMode = chunk[i] == '{' ? 2 : 0;
                return;
            }
        }
    }

    private void accept(byte b) {
        byte value = VALUES[b & 0xff];
        if (value == SKIP) {
            return;
        }
        if (b == '=') {
            padding++;
            if (padding > 2) {
                invalid = true;
            }
            return;
        }
        if (value == INVALID || padding > 0) {
            invalid = true;
            return;
        }
        quantum = (quantum << 6) | value;
        if (++quantumSize == 4) {
            ensure(3);
            out[length++] = (byte) (quantum >> 16);
            out[length++] = (byte) (quantum >> 8);
            out[length++] = (byte) quantum;
            quantum = 0;
            quantumSize = 0;
        }
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }

    public boolean overLimit() {
        return encodedBytes > maxEncodedBytes;
    }

    /**
     * Completes the decoding. Empty input is {@code missing_parameters}; anything that is not base64 is
     * {@code authorization_missing_params}, as the vendor answers both.
     */
    public DecodedBody finish() {
        if (jsonMode == 2) {
            return new DecodedBody(out, length);
        }
        if (invalid) {
            throw ErrorCode.AUTHORIZATION_MISSING_PARAMS.exception("The request body is not valid base64.");
        }
        if (length == 0 && quantumSize == 0 && padding == 0) {
            throw ErrorCode.MISSING_PARAMETERS.exception("The request body is empty.");
        }
        switch (quantumSize) {
            case 0 -> {
                if (padding != 0) {
                    throw ErrorCode.AUTHORIZATION_MISSING_PARAMS.exception("The request body is not valid base64.");
                }
            }
            case 2 -> {
                ensure(1);
                out[length++] = (byte) (quantum >> 4);
            }
            case 3 -> {
                ensure(2);
                out[length++] = (byte) (quantum >> 10);
                out[length++] = (byte) (quantum >> 2);
            }
            default -> throw ErrorCode.AUTHORIZATION_MISSING_PARAMS.exception("The request body is not valid base64.");
        }
        if (padding != 0 && quantumSize + padding != 4) {
            throw ErrorCode.AUTHORIZATION_MISSING_PARAMS.exception("The request body is not valid base64.");
        }
        return new DecodedBody(out, length);
    }
}
