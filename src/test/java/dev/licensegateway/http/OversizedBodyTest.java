package dev.licensegateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.SdkHeaders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An oversized body is refused with 413 before it has been sent whole, and the connection is closed so
 * the rest cannot keep it busy. Raw sockets: the client sends part of the body, then reads the answer.
 */
@QuarkusTest
class OversizedBodyTest {

    static final int LIMIT = 64 * 1024;

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyBodyIsSent() throws IOException {
        try (Socket socket = connect()) {
            send(socket, head(Map.of("Content-Length", String.valueOf(10 * LIMIT))));
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"payload_too_large\"");
        }
    }

    @Test
    void aChunkedBodyIsRefusedAsSoonAsItPassesTheLimitAndTheConnectionCloses() throws IOException {
        try (Socket socket = connect()) {
            send(socket, head(Map.of("Transfer-Encoding", "chunked")));
            byte[] chunk = "A".repeat(8 * 1024).getBytes(StandardCharsets.US_ASCII);
            // Send a little more than the limit of a body meant to be four times larger, then stop sending.
            for (int sent = 0; sent <= LIMIT; sent += chunk.length) {
                send(socket, (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                send(socket, chunk);
                send(socket, "\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"payload_too_large\"");
            assertThat(answer.toLowerCase()).contains("connection: close");
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] head(Map<String, String> extra) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(SdkHeaders.apiKey("any-shared-key", "any-api-key"));
        headers.putAll(extra);
        StringBuilder head = new StringBuilder("POST /api/v4/deactivate_offline HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("Content-Type: text/plain\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Reads until the server closes the connection (or the read times out, which fails the test). */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            answer.write(buffer, 0, read);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }
}
