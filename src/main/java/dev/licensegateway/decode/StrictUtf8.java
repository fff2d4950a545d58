package dev.licensegateway.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Well-formed UTF-8 as Unicode defines it (Table 3-7): shortest form only, no surrogates, nothing past
 * U+10FFFF. Jackson's decoder accepts some overlong forms ({@code C0 AF} as {@code /}, {@code E0 80 80}), so a
 * file that says one thing to a strict reader and another to us could pass; {@link PayloadParser} refuses it first.
 */
final class StrictUtf8 {

    /** Eight bytes at a time: a request file is almost all ASCII, and a run of it needs no state. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private StrictUtf8() {
    }

    static boolean wellFormed(byte[] bytes, int length) {
        int i = 0;
        while (i < length) {
            if (i + 8 <= length && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int need;
            int low = 0x80;
            int high = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                need = 1;
            } else if (b == 0xe0) {
                need = 2;
                low = 0xa0; // below: overlong
            } else if (b == 0xed) {
                need = 2;
                high = 0x9f; // above: UTF-16 surrogates
            } else if (b >= 0xe1 && b <= 0xef) {
                need = 2;
            } else if (b == 0xf0) {
                need = 3;
                low = 0x90; // below: overlong
            } else if (b >= 0xf1 && b <= 0xf3) {
                need = 3;
            } else if (b == 0xf4) {
                need = 3;
                high = 0x8f; // above: past U+10FFFF
            } else {
                return false; // continuation byte first, C0/C1 (overlong two-byte) or F5..FF
            }
            if (i + need >= length) {
                return false; // truncated sequence
            }
            int second = bytes[i + 1] & 0xff;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int next = bytes[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
