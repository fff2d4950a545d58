package dev.licensegateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.licensegateway.decode.DecodedBody;
import dev.licensegateway.decode.PayloadParser;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.testing.SdkRequestFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parser edges the hostile catalogue found, pinned where they live: without a server, in milliseconds. */
class ParserEdgeTest {

    static SdkRequestFile file() {
        return SdkRequestFile.keyBased("sk", "ak", "studio", "PERP", "hw-1");
    }

    static String code(byte[] json) {
        ApiException error = catchThrowableOfType(ApiException.class, () -> PayloadParser.parse(new DecodedBody(json, json.length)));
        assertThat(error).as("refused").isNotNull();
        return error.code().code();
    }

    /** Math.abs(Long.MIN_VALUE) is negative: the ±10^12 range check must not use it. */
    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1_000_000_000_001L, 1_000_000_000_001L, Long.MAX_VALUE})
    void consumptionsOutsideTheRangeAreRefusedWhateverTheirSign(long value) {
        assertThat(code(file().consumptions(value).json().getBytes(StandardCharsets.UTF_8))).isEqualTo("validation_error");
        assertThat(code(file().feature("render-minutes", value).json().getBytes(StandardCharsets.UTF_8))).isEqualTo("validation_error");
    }

    /**
     * Jackson detects UTF-16 and UTF-32 and parses them without byte offsets; a v2 file so encoded reached the
     * outer HMAC with offset -1 and Mac.update threw (500). Only UTF-8 is a request file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE"})
    void requestFilesInOtherEncodingsThanUtf8AreInvalidJson(String charset) {
        assertThat(code(file().v2().json().getBytes(Charset.forName(charset)))).isEqualTo("invalid_json");
        assertThat(code(file().json().getBytes(Charset.forName(charset)))).isEqualTo("invalid_json");
    }
}
