package dev.licensegateway.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http} refuses to send: repeated or malformed
 * headers, odd methods and request targets, broken framing. The request is written on its own thread, so
 * a server that answers before reading the whole body (413) is still heard.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** A request as bytes on the wire; {@code Host}, {@code Content-Length} and {@code Connection: close} are added unless set. */
    public static final class Request {
        private String method = "POST";
        private String target;
        private String version = "HTTP/1.1";
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private boolean contentLength = true;
        private byte[] raw;

        public Request(String target) {
            this.target = target;
        }

        /** Bytes sent exactly as given: no request line or header is added. */
        public static Request raw(byte[] bytes) {
            Request request = new Request("/");
            request.raw = bytes;
            return request;
        }

        public Request method(String value) {
            this.method = value;
            return this;
        }

        public Request target(String value) {
            this.target = value;
            return this;
        }

        public Request version(String value) {
            this.version = value;
            return this;
        }

        public Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        public Request headers(Map<String, String> values) {
            values.forEach(this::header);
            return this;
        }

        public Request withoutHeader(String name) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
            return this;
        }

        public Request body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        public Request body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        /** No Content-Length is added (for chunked bodies, or none). */
        public Request noContentLength() {
            this.contentLength = false;
            return this;
        }

        boolean has(String name) {
            return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
        }

        public byte[] bytes() {
            if (raw != null) {
                return raw;
            }
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(' ').append(version).append("\r\n");
            if (!has("Host")) {
                head.append("Host: 127.0.0.1\r\n");
            }
            for (String[] h : headers) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (contentLength && !has("Content-Length") && !has("Transfer-Encoding")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            if (!has("Connection")) {
                head.append("Connection: close\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }
    }

    /** What came back; {@code status} is -1 when the server closed without answering. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static Response exchange(int port, Request request, Duration timeout) {
        byte[] bytes = request.bytes();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < bytes.length; i += 8192) {
                        out.write(bytes, i, Math.min(8192, bytes.length - i));
                    }
                    out.flush();
                } catch (IOException ignored) {
                    // The server may answer and close before it has read everything (413): that is its right.
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            Response response = read(socket.getInputStream());
            writer.join(timeout.toMillis());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Response read(InputStream in) throws IOException {
        String statusLine;
        try {
            statusLine = line(in);
        } catch (java.net.SocketException e) {
            return new Response(-1, Map.of(), new byte[0]);
        }
        if (statusLine == null) {
            return new Response(-1, Map.of(), new byte[0]);
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, List<String>> headers = headers(in);
        while (status >= 100 && status < 200) {
            // An interim response (100 Continue): the real one follows.
            status = Integer.parseInt(line(in).split(" ", 3)[1]);
            headers = headers(in);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (length != null) {
            body.writeBytes(in.readNBytes(Integer.parseInt(length.get(0))));
        } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                body.writeBytes(in.readNBytes(size));
                line(in);
            }
        } else {
            try {
                body.writeBytes(in.readAllBytes());
            } catch (java.net.SocketException ignored) {
                // A reset after the response: what was read is the body.
            }
        }
        return new Response(status, headers, body.toByteArray());
    }

    private static Map<String, List<String>> headers(InputStream in) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return headers;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
