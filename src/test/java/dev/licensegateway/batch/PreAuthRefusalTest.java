package dev.licensegateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.hostile.RawHttp;
import dev.licensegateway.testing.TestCompany;
import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The batch endpoint authenticates from the headers before it reads the body (issue 13): a client declaring
 * 30 MB without credentials, or more than the batch limit with them, is answered at once, without sending a
 * byte of its body, and the connection is closed; the server's heap does not take the declared size.
 */
@QuarkusTest
class PreAuthRefusalTest {

    static final String BATCH = "/api/v4/deactivate_offline/batch";
    static final String DECLARED = "30000000";

    @Test
    void aBatchWithoutAuthorizationIsRefusedBeforeItsBodyAndTheConnectionCloses() throws Exception {
        long heapBefore = usedHeap();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            // A bound on the wait, not a timing assertion: the answer must come without any body sent.
            socket.setSoTimeout(10_000);
            String head = "POST " + BATCH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
                    + "Content-Length: " + DECLARED + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"missing_headers\"");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
        }
        assertThat(usedHeap() - heapBefore).as("heap growth in bytes").isLessThan(Long.parseLong(DECLARED) / 2);
    }

    @Test
    void aBadSignatureIsRefusedBeforeTheBody() {
        TestCompany company = TestCompany.create();
        RawHttp.Response response = RawHttp.exchange(RestAssured.port, new RawHttp.Request(BATCH)
                .headers(dev.licensegateway.testing.SdkHeaders.apiKey("not-the-key", company.apiKey))
                .header("Content-Type", "application/x-ndjson").header("Content-Length", DECLARED), Duration.ofSeconds(10));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("\"code\":\"signature_mismatch\"");
    }

    @Test
    void aDeclaredLengthPastTheBatchLimitIsRefusedAtOnceEvenWhenAuthenticated() {
        TestCompany company = TestCompany.create();
        RawHttp.Response response = RawHttp.exchange(RestAssured.port, new RawHttp.Request(BATCH)
                .headers(company.headers()).header("Content-Type", "application/x-ndjson")
                .header("Content-Length", String.valueOf(40L * 1024 * 1024)), Duration.ofSeconds(10));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text()).contains("\"code\":\"payload_too_large\"");
    }

    private static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
