package dev.licensegateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections that never finish their request headers do not stay: thousands of them (loopback only) are
 * closed by the server's idle timeout (3 s in this profile, {@code quarkus.http.idle-timeout}), while
 * ordinary requests are answered throughout.
 */
@QuarkusTest
@TestProfile(SlowBodyTest.ShortReadTimeout.class)
class SlowHeadersTest {

    private static final int CONNECTIONS = 2000;

    @Test
    void thousandsOfUnfinishedHeadersAreClosedAndOthersAreServedMeanwhile() throws Exception {
        List<SocketChannel> slow = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v4/no-such-path"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", RestAssured.port));
                channel.write(ByteBuffer.wrap("GET /api/v4/oauth_url HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII)));
                channel.configureBlocking(false);
                slow.add(channel);
            }
            long started = System.nanoTime();
            int served = 0;
            int open = CONNECTIONS;
            // Served while they are held, and until the server has closed every one of them.
            while (open > 0 && System.nanoTime() - started < Duration.ofSeconds(120).toNanos()) {
                HttpResponse<String> answer = client.send(health, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(404);
                served++;
                open = countOpen(slow);
                Thread.sleep(100);
            }
            System.out.printf("%d unfinished-header connections: all closed by the server after %d ms; %d requests"
                    + " served meanwhile%n", CONNECTIONS, (System.nanoTime() - started) / 1_000_000, served);
            assertThat(open).as("connections still open").isZero();
            assertThat(served).isPositive();
        } finally {
            for (SocketChannel channel : slow) {
                channel.close();
            }
        }
    }

    /** Non-blocking reads: -1 is the server's close, an exception its reset. */
    private static int countOpen(List<SocketChannel> channels) {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        int open = 0;
        for (SocketChannel channel : channels) {
            if (!channel.isOpen()) {
                continue;
            }
            try {
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    channel.close();
                } else {
                    open++;
                }
            } catch (IOException reset) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }
        return open;
    }
}
