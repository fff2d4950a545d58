package dev.licensegateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licensegateway.error.ApiException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Base64StreamDecoderTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 1000})
    void decodesLikeTheJdkWhateverTheChunking(int chunkSize) {
        Random random = new Random(chunkSize);
        for (int length = 0; length < 300; length += 7) {
            byte[] original = new byte[length + 1];
            random.nextBytes(original);
            String encoded = Base64.getMimeEncoder().encodeToString(original) + "\n";
            assertThat(decode(encoded, chunkSize)).isEqualTo(original);
        }
    }

    /** Long unwrapped runs take the JDK's decoder; every split, alphabet and ending must decode the same. */
    @ParameterizedTest
    @ValueSource(ints = {1, 255, 256, 257, 1000, 1128, 4096})
    void longRunsDecodeLikeTheJdkWhateverTheChunking(int chunkSize) {
        Random random = new Random(chunkSize);
        for (int length = 180; length < 3200; length += 61) {
            byte[] original = new byte[length];
            random.nextBytes(original);
            for (String encoded : new String[] {
                    Base64.getEncoder().encodeToString(original) + "\n",
                    Base64.getEncoder().withoutPadding().encodeToString(original),
                    Base64.getUrlEncoder().encodeToString(original),
                    Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(original),
                    Base64.getMimeEncoder().encodeToString(original) + "\r\n"}) {
                assertThat(decode(encoded, chunkSize)).as("length %d", length).isEqualTo(original);
            }
        }
    }

    /** A fault anywhere in a long run is judged as in a short one, wherever the chunks split it. */
    @ParameterizedTest
    @ValueSource(ints = {7, 300, 1024, 4096})
    void aFaultInsideALongRunIsStillRefused(int chunkSize) {
        String run = Base64.getEncoder().encodeToString(new byte[1500]);
        for (int at = 0; at < run.length(); at += 97) {
            for (String fault : new String[] {"!", "YQ==", "=", "\u0000"}) {
                String text = run.substring(0, at / 4 * 4) + fault + run.substring(at / 4 * 4);
                assertThatThrownBy(() -> decode(text, chunkSize)).as("%s at %d", fault, at)
                        .isInstanceOfSatisfying(ApiException.class,
                                e -> assertThat(e.code().code()).isEqualTo("authorization_missing_params"));
            }
        }
    }

    @Test
    void whitespaceInsideALongRunIsSkipped() {
        byte[] original = new byte[1500];
        new Random(3).nextBytes(original);
        String run = Base64.getEncoder().encodeToString(original);
        String text = run.substring(0, 1001) + " \t" + run.substring(1001, 1500) + "\n" + run.substring(1500);
        assertThat(decode(text, 4096)).isEqualTo(original);
        assertThat(decode(text, 700)).isEqualTo(original);
    }

    @Test
    void ignoresWhitespaceAndTheSdksTrailingNewline() {
        assertThat(new String(decode(" eyJh\r\n IjogMX0=\n\n", 3), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");
    }

    @Test
    void acceptsUnpaddedAndUrlSafeInput() {
        byte[] original = {(byte) 0xfb, (byte) 0xff, 0x01};
        assertThat(decode(Base64.getUrlEncoder().withoutPadding().encodeToString(original), 2)).isEqualTo(original);
        assertThat(decode("+/8=", 4)).isEqualTo(Base64.getDecoder().decode("+/8="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc!", "ab=c", "a", "abcde", "ab===", "=", "ab\u0000c", "YQ==YQ=="})
    void refusesWhatIsNotBase64(String text) {
        assertThatThrownBy(() -> decode(text, 2))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code().code()).isEqualTo("authorization_missing_params"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\r\n"})
    void anEmptyBodyIsMissingParameters(String text) {
        assertThatThrownBy(() -> decode(text, 1))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code().code()).isEqualTo("missing_parameters"));
    }

    @Test
    void reportsOverLimitWhileStreaming() {
        Base64StreamDecoder decoder = new Base64StreamDecoder(0, 8);
        decoder.feed(Buffer.buffer("AAAA"));
        assertThat(decoder.overLimit()).isFalse();
        decoder.feed(Buffer.buffer("AAAAA"));
        assertThat(decoder.overLimit()).isTrue();
    }

    private static byte[] decode(String text, int chunkSize) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        Base64StreamDecoder decoder = new Base64StreamDecoder(bytes.length, 1 << 20);
        for (int i = 0; i < bytes.length; i += chunkSize) {
            decoder.feed(Buffer.buffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkSize))));
        }
        DecodedBody body = decoder.finish();
        return Arrays.copyOf(body.bytes(), body.length());
    }
}
