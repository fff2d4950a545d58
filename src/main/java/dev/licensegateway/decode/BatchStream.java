package dev.licensegateway.decode;

import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a batch body into chunks of request files as it arrives: NDJSON (one file per line, base64 or a
 * JSON string of it) or {@code multipart/form-data} with many {@code file} parts. When a chunk is full the
 * request is paused until the sink has dealt with it, so a connection holds one chunk and one partial line,
 * never the whole body. Bounded in bytes, in files and per file; each file is decoded later, on its own, so
 * one bad file never fails the others. Idle time while reading (not while a chunk is being processed) is
 * bounded by {@code idleTimeout}.
 */
public final class BatchStream {

    /** The limits of one batch: its whole body, its number of files, and each file (the single endpoint's). */
    public record Limits(long maxBytes, int maxItems, long maxItemBytes) {
    }

    /** Receives the chunks in order; {@code more} asks for the next one. */
    public interface Sink {
        /** A chunk of files ({@code last}: the body has ended; the chunk may then be empty). */
        void chunk(List<BatchFile> files, boolean last, Runnable more);

        /** The body broke a limit, stalled or could not be read; nothing more follows. */
        void failed(Throwable error);
    }

    private final HttpServerRequest request;
    private final Vertx vertx;
    private final Limits limits;
    private final int chunkSize;
    private final long idleMillis;
    private final Sink sink;
    private final boolean multipart;
    private List<BatchFile> pending = new ArrayList<>();
    private Buffer line = Buffer.buffer();
    private long lineBytes;
    private long received;
    private int files;
    private boolean paused;
    private boolean ended;
    private boolean done;
    /** A failure found while the sink holds a chunk: handed over when it asks for more, never in between. */
    private Throwable deferred;
    private long timer = -1;

    private BatchStream(HttpServerRequest request, Vertx vertx, Limits limits, int chunkSize, Duration idleTimeout,
                        Sink sink) {
        this.request = request;
        this.vertx = vertx;
        this.limits = limits;
        this.chunkSize = chunkSize;
        this.idleMillis = idleTimeout.toMillis();
        this.sink = sink;
        this.multipart = isMultipart(request);
    }

    /** Starts reading; the sink gets every chunk and, at most once, a failure. */
    public static void read(HttpServerRequest request, Vertx vertx, Limits limits, int chunkSize, Duration idleTimeout,
                            Sink sink) {
        new BatchStream(request, vertx, limits, chunkSize, idleTimeout, sink).start();
    }

    private void start() {
        request.handler(chunk -> {
            received += chunk.length();
            if (received > limits.maxBytes()) {
                fail(ErrorCode.PAYLOAD_TOO_LARGE.exception("The batch body is larger than " + limits.maxBytes() + " bytes."));
            } else if (!multipart) {
                lines(chunk);
            }
            armTimer();
        });
        if (multipart) {
            MultipartType.expect(request);
            request.uploadHandler(upload -> {
                if (!"file".equals(upload.name())) {
                    upload.handler(ignored -> { });
                    return;
                }
                Buffer part = Buffer.buffer();
                long[] size = {0};
                upload.handler(chunk -> {
                    size[0] += chunk.length();
                    if (size[0] <= limits.maxItemBytes()) {
                        part.appendBuffer(chunk);
                    }
                });
                upload.endHandler(ignored -> add(part, size[0]));
            });
        }
        request.exceptionHandler(failure -> fail(received > limits.maxBytes()
                ? ErrorCode.PAYLOAD_TOO_LARGE.exception("The batch body is larger than " + limits.maxBytes() + " bytes.")
                : ErrorCode.VALIDATION_ERROR.exception("The request body could not be read.")));
        request.endHandler(ignored -> {
            if (done) {
                return;
            }
            if (multipart) {
                request.formAttributes().getAll("file").forEach(field -> {
                    byte[] text = field.getBytes(StandardCharsets.ISO_8859_1);
                    add(Buffer.buffer(text), text.length);
                });
            } else {
                endLine();
            }
            ended = true;
            cancelTimer();
            if (!paused) {
                deliver();
            }
        });
        armTimer();
        request.resume();
    }

    /** Splits NDJSON as it streams; a line longer than a file may be is only counted, not kept. */
    private void lines(Buffer chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length(); i++) {
            if (chunk.getByte(i) == '\n') {
                append(chunk, start, i);
                endLine();
                start = i + 1;
            }
        }
        append(chunk, start, chunk.length());
    }

    private void append(Buffer chunk, int from, int to) {
        lineBytes += to - from;
        if (lineBytes <= limits.maxItemBytes() + 2) {
            line.appendBuffer(chunk, from, to - from);
        }
    }

    /** A non-blank line is a file; a line holding a JSON string ({@code "eyJ…"}) is taken without its quotes. */
    private void endLine() {
        int from = 0;
        int to = line.length();
        while (from < to && isSpace(line.getByte(from))) {
            from++;
        }
        while (to > from && isSpace(line.getByte(to - 1))) {
            to--;
        }
        if (to - from >= 2 && line.getByte(from) == '"' && line.getByte(to - 1) == '"') {
            from++;
            to--;
        }
        long size = lineBytes > line.length() ? lineBytes : to - from;
        if (to > from) {
            add(line.slice(from, to).copy(), size);
        }
        line = Buffer.buffer();
        lineBytes = 0;
    }

    private void add(Buffer text, long size) {
        if (done) {
            return;
        }
        if (files == limits.maxItems()) {
            fail(ErrorCode.PAYLOAD_TOO_LARGE.exception("The batch holds more than " + limits.maxItems() + " request files."));
            return;
        }
        pending.add(file(files++, text, size, limits.maxItemBytes()));
        if (pending.size() >= chunkSize && !paused) {
            request.pause();
            paused = true;
            cancelTimer();
            deliver();
        }
    }

    /** Hands the pending files over; the sink's {@code more} resumes reading (or delivers what is left). */
    private void deliver() {
        if (done) {
            return;
        }
        boolean last = ended;
        if (last && files == 0) {
            done = true;
            sink.failed(ErrorCode.MISSING_PARAMETERS.exception("The batch holds no request file."));
            return;
        }
        List<BatchFile> chunk = pending;
        pending = new ArrayList<>();
        paused = true;
        if (last) {
            done = true;
        }
        sink.chunk(chunk, last, last ? () -> { } : this::more);
    }

    private void more() {
        if (deferred != null) {
            sink.failed(deferred);
            return;
        }
        if (done) {
            return;
        }
        if (pending.size() >= chunkSize || ended) {
            deliver();
            return;
        }
        paused = false;
        armTimer();
        request.resume();
    }

    private void fail(ApiException error) {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        request.handler(null);
        if (paused) {
            deferred = error;
        } else {
            sink.failed(error);
        }
    }

    private void armTimer() {
        cancelTimer();
        if (!done && !paused && !ended) {
            timer = vertx.setTimer(idleMillis, id -> fail(ErrorCode.REQUEST_TIMEOUT.exception()));
        }
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private static BatchFile file(int index, Buffer text, long size, long maxItemBytes) {
        return new BatchFile(index, () -> {
            if (size > maxItemBytes) {
                throw ErrorCode.PAYLOAD_TOO_LARGE.exception("This request file is larger than " + maxItemBytes + " bytes.");
            }
            Base64StreamDecoder decoder = new Base64StreamDecoder(text.length(), maxItemBytes);
            decoder.feed(text);
            return decoder.finish();
        });
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    private static boolean isMultipart(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        return type != null && type.regionMatches(true, 0, "multipart/form-data", 0, 19);
    }
}
