package dev.licensegateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.SdkHeaders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A body that stops arriving is answered 408 request_timeout after the read timeout, and the connection closes. */
@QuarkusTest
@TestProfile(SlowBodyTest.ShortReadTimeout.class)
class SlowBodyTest {

    /** A read timeout of one second, and an idle timeout of three (SlowHeadersTest shares this profile). */
    public static class ShortReadTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.request.read-timeout", "1S", "quarkus.http.idle-timeout", "3S");
        }
    }

    @Test
    void aStalledBodyGetsRequestTimeoutAndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder("POST /api/v4/deactivate_offline HTTP/1.1\r\nHost: localhost\r\n");
            SdkHeaders.apiKey("any-shared-key", "any-api-key").forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Type: text/plain\r\nContent-Length: 1000\r\n\r\neyJyZXF1ZXN0Ijog");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();

            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, read);
            }
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 408")
                    .contains("\"code\":\"request_timeout\"");
            assertThat(waitedMs).isBetween(500L, 9_000L);
        }
    }
}
