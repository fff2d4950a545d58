package dev.licensegateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link StrictUtf8} agrees with the JDK's strict UTF-8 decoder (shortest form, no surrogates, at most U+10FFFF)
 * on every one- and two-byte sequence, and on three- and four-byte sequences led by E0..EF and F0..F7 with every
 * second byte (where overlong forms, surrogates and the U+10FFFF bound are decided) and later bytes at and around
 * the edges of the continuation range.
 */
class StrictUtf8Test {

    private static final int[] EDGES = {0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};

    @Test
    void agreesWithTheJdksStrictDecoder() {
        List<String> disagreements = new ArrayList<>();
        for (int a = 0; a < 256; a++) {
            check(disagreements, a);
            for (int b = 0; b < 256; b++) {
                check(disagreements, a, b);
            }
        }
        for (int a = 0xe0; a <= 0xef; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : EDGES) {
                    check(disagreements, a, b, c);
                }
            }
        }
        for (int a = 0xf0; a <= 0xf7; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : EDGES) {
                    for (int d : EDGES) {
                        check(disagreements, a, b, c, d);
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void refusesTheOverlongAndSurrogateFormsByName() {
        assertThat(StrictUtf8.wellFormed(bytes(0xc0, 0xaf), 2)).as("C0 AF, overlong '/'").isFalse();
        assertThat(StrictUtf8.wellFormed(bytes(0xc1, 0xa1), 2)).as("C1 A1, overlong 'a'").isFalse();
        assertThat(StrictUtf8.wellFormed(bytes(0xe0, 0x80, 0x80), 3)).as("E0 80 80, overlong NUL").isFalse();
        assertThat(StrictUtf8.wellFormed(bytes(0xf0, 0x80, 0x80, 0xaf), 4)).as("F0 80 80 AF, overlong '/'").isFalse();
        assertThat(StrictUtf8.wellFormed(bytes(0xed, 0xa0, 0x80), 3)).as("ED A0 80, surrogate D800").isFalse();
        assertThat(StrictUtf8.wellFormed(bytes(0xf4, 0x90, 0x80, 0x80), 4)).as("past U+10FFFF").isFalse();
        assertThat(StrictUtf8.wellFormed(bytes(0x61, 0xe6, 0x9d), 3)).as("truncated").isFalse();
        assertThat(StrictUtf8.wellFormed("añ東😀".getBytes(StandardCharsets.UTF_8), 10)).isTrue();
        assertThat(StrictUtf8.wellFormed(bytes(0x61, 0xff), 1)).as("only the first length bytes count").isTrue();
    }

    /**
     * The eight-bytes-at-a-time ASCII run: every two- to four-byte sequence of the exhaustive test above that
     * matters (the E0..F4 leads with every second byte), placed after 0..17 ASCII bytes and before 0..9, so that
     * it starts, straddles and ends at every position of an eight-byte word; and bytes past {@code length}
     * (a non-ASCII byte among them) never count.
     */
    @Test
    void agreesInsideAsciiRunsAtEveryAlignment() {
        List<String> disagreements = new ArrayList<>();
        for (int before = 0; before < 18; before++) {
            for (int after = 0; after < 10; after++) {
                for (int a : new int[] {0x7f, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5}) {
                    for (int b = 0x7f; b <= 0xc0; b++) {
                        byte[] input = new byte[before + 4 + after];
                        java.util.Arrays.fill(input, (byte) 'x');
                        input[before] = (byte) a;
                        input[before + 1] = (byte) b;
                        input[before + 2] = (byte) 0x80;
                        input[before + 3] = (byte) 0xbf;
                        boolean jdk = jdkAccepts(input);
                        if (StrictUtf8.wellFormed(input, input.length) != jdk && disagreements.size() < 20) {
                            disagreements.add(String.format("%02X %02X 80 BF after %d, before %d", a, b, before, after));
                        }
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
        byte[] tail = "{\"a\":\"bcdefghijklmnop\"}".getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= tail.length; cut++) {
            byte[] padded = java.util.Arrays.copyOf(tail, tail.length + 16);
            java.util.Arrays.fill(padded, cut, padded.length, (byte) 0xff);
            assertThat(StrictUtf8.wellFormed(padded, cut)).as("only the first %d bytes count", cut).isTrue();
            assertThat(StrictUtf8.wellFormed(padded, cut + 1)).as("byte %d is 0xFF", cut).isFalse();
        }
    }

    private static void check(List<String> disagreements, int... values) {
        byte[] input = bytes(values);
        boolean jdk = jdkAccepts(input);
        if (StrictUtf8.wellFormed(input, input.length) != jdk && disagreements.size() < 20) {
            StringBuilder hex = new StringBuilder();
            for (int v : values) {
                hex.append(String.format("%02X ", v));
            }
            disagreements.add(hex + (jdk ? "accepted by the JDK" : "refused by the JDK"));
        }
    }

    private static final CharsetDecoder JDK = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private static boolean jdkAccepts(byte[] input) {
        try {
            JDK.reset().decode(ByteBuffer.wrap(input));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
