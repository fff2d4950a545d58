package dev.licensegateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.hostile.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Netty's multipart decoder refuses bodies past its own limits (more than 128 fields, a field name or
 * header longer than its buffer) with an exception on the request stream; that is the client's fault and
 * must answer 400 in the error shape, not 500.
 */
class MultipartDecoderErrorTest {

    static BodyReaderServer server;

    @BeforeAll
    static void start() {
        server = new BodyReaderServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String body(int parts, int nameLength) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            out.append("--b\r\nContent-Disposition: form-data; name=\"").append("n".repeat(nameLength)).append(i)
                    .append("\"\r\n\r\nv\r\n");
        }
        return out.append("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\nAAAA\r\n--b--\r\n").toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000 parts", "a part name of 10 KB", "a header of 20 KB"})
    void multipartBodiesBeyondTheDecodersLimitsAreRefusedAs400(String shape) {
        String body = switch (shape) {
            case "1000 parts" -> body(1000, 1);
            case "a part name of 10 KB" -> body(1, 10_000);
            default -> "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\nX-Pad: " + "p".repeat(20_000)
                    + "\r\n\r\nAAAA\r\n--b--\r\n";
        };
        RawHttp.Response response = RawHttp.exchange(server.port(), new RawHttp.Request("/")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .body(body.getBytes(StandardCharsets.US_ASCII)), Duration.ofSeconds(20));

        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.text()).contains("\"code\":\"validation_error\"");
        assertThat(server.unexpected()).isEmpty();
    }
}
