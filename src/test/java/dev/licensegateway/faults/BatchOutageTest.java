package dev.licensegateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.batch.MixedBatch;
import dev.licensegateway.testing.Management;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database cut in the middle of a 300-file batch (issue 13): the chunk already answered stays true, the
 * rest is answered 503 without being half-applied, and every line matches the rows once the database is back.
 * The body is sent in two parts over a raw socket so that the cut falls between chunks as the client sees it.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.BehindProxy.class)
class BatchOutageTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    static final String BATCH = "/api/v4/deactivate_offline/batch";

    @AfterEach
    void restore() {
        DatabaseOutageTest.proxy.restore();
    }

    @Test
    void theDatabaseCutMidBatchLeavesEveryAnswerTrue() throws Exception {
        MixedBatch batch = new MixedBatch(false);
        List<String> lines = batch.lines;
        StringBuilder answers = new StringBuilder();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + BATCH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n");
            for (Map.Entry<String, String> header : batch.company.headers().entrySet()) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            chunk(out, String.join("\n", lines.subList(0, 100)) + "\n");
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String status = line(in);
            assertThat(status).startsWith("HTTP/1.1 200");
            while (!line(in).isEmpty()) {
                // response headers
            }
            ChunkedLines body = new ChunkedLines(in);
            for (int i = 0; i < 100; i++) {
                answers.append(body.next()).append('\n');
            }

            DatabaseOutageTest.proxy.cut();
            chunk(out, String.join("\n", lines.subList(100, lines.size())) + "\n");
            chunk(out, "");
            for (String next = body.next(); next != null; next = body.next()) {
                answers.append(next).append('\n');
            }
        }
        DatabaseOutageTest.proxy.restore();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                Management.given(management).get("/q/health/ready").statusCode() == 200);
        assertThat(answers.toString()).contains("\"status\":503");
        batch.assertTruthful(answers.toString(), Set.of("503 service_unavailable"));
    }

    private static void chunk(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** NDJSON lines out of a chunked response body, as they arrive. */
    private static final class ChunkedLines {
        private final InputStream in;
        private final StringBuilder pending = new StringBuilder();
        private boolean ended;

        ChunkedLines(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            while (pending.indexOf("\n") < 0 && !ended) {
                String size = line(in);
                int length = size == null ? 0 : Integer.parseInt(size.trim(), 16);
                if (length == 0) {
                    ended = true;
                    break;
                }
                byte[] data = in.readNBytes(length);
                line(in);
                pending.append(new String(data, StandardCharsets.UTF_8));
            }
            int newline = pending.indexOf("\n");
            if (newline < 0) {
                return null;
            }
            String next = pending.substring(0, newline);
            pending.delete(0, newline + 1);
            return next;
        }
    }
}
