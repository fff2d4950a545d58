package dev.licensegateway.decode;

import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch body, bounded in bytes and in files, before any work starts: NDJSON (one request file per
 * line, as base64 text or as a JSON string of it) or {@code multipart/form-data} with many {@code file}
 * parts. Each file is kept as its own bytes and decoded later, on its own, so that one bad file never
 * fails the others.
 */
public final class BatchBodyReader {

    private BatchBodyReader() {
    }

    /** The limits of one batch: its whole body, its number of files, and each file (the single endpoint's). */
    public record Limits(long maxBytes, int maxItems, long maxItemBytes) {
    }

    public static Uni<List<BatchFile>> read(HttpServerRequest request, Limits limits) {
        String declared = request.getHeader("Content-Length");
        if (declared != null && parse(declared) > limits.maxBytes()) {
            return Uni.createFrom().failure(tooLarge(limits));
        }
        boolean multipart = isMultipart(request);
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer();
            List<Buffer> parts = new ArrayList<>();
            long[] received = {0};
            boolean[] failed = {false};
            request.handler(chunk -> {
                received[0] += chunk.length();
                if (received[0] > limits.maxBytes()) {
                    if (!failed[0]) {
                        failed[0] = true;
                        emitter.fail(tooLarge(limits));
                    }
                } else if (!multipart) {
                    body.appendBuffer(chunk);
                }
            });
            if (multipart) {
                request.setExpectMultipart(true);
                request.uploadHandler(upload -> {
                    if (!"file".equals(upload.name())) {
                        upload.handler(ignored -> { });
                        return;
                    }
                    Buffer part = Buffer.buffer();
                    parts.add(part);
                    upload.handler(chunk -> {
                        if (!failed[0] && part.length() <= limits.maxItemBytes()) {
                            part.appendBuffer(chunk);
                        }
                    });
                });
            }
            request.exceptionHandler(failure -> {
                if (!failed[0]) {
                    failed[0] = true;
                    emitter.fail(received[0] > limits.maxBytes() ? tooLarge(limits)
                            : ErrorCode.VALIDATION_ERROR.exception("The request body could not be read."));
                }
            });
            request.endHandler(ended -> {
                if (failed[0]) {
                    return;
                }
                if (multipart) {
                    request.formAttributes().getAll("file")
                            .forEach(field -> parts.add(Buffer.buffer(field.getBytes(StandardCharsets.ISO_8859_1))));
                }
                List<Buffer> files = multipart ? parts : lines(body);
                if (files.isEmpty()) {
                    emitter.fail(ErrorCode.MISSING_PARAMETERS.exception("The batch holds no request file."));
                } else if (files.size() > limits.maxItems()) {
                    emitter.fail(ErrorCode.PAYLOAD_TOO_LARGE.exception(
                            "The batch holds more than " + limits.maxItems() + " request files."));
                } else {
                    List<BatchFile> batch = new ArrayList<>(files.size());
                    for (int i = 0; i < files.size(); i++) {
                        batch.add(file(i, files.get(i), limits.maxItemBytes()));
                    }
                    emitter.complete(batch);
                }
            });
            request.resume();
        });
    }

    /** Non-blank lines; a line holding a JSON string ({@code "eyJ…"}) is taken without its quotes. */
    static List<Buffer> lines(Buffer body) {
        List<Buffer> lines = new ArrayList<>();
        int start = 0;
        int length = body.length();
        for (int i = 0; i <= length; i++) {
            if (i == length || body.getByte(i) == '\n') {
                int from = start;
                int to = i;
                while (from < to && isSpace(body.getByte(from))) {
                    from++;
                }
                while (to > from && isSpace(body.getByte(to - 1))) {
                    to--;
                }
                if (to - from >= 2 && body.getByte(from) == '"' && body.getByte(to - 1) == '"') {
                    from++;
                    to--;
                }
                if (to > from) {
                    lines.add(body.slice(from, to));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static BatchFile file(int index, Buffer text, long maxItemBytes) {
        return new BatchFile(index, () -> {
            if (text.length() > maxItemBytes) {
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

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ApiException tooLarge(Limits limits) {
        return ErrorCode.PAYLOAD_TOO_LARGE.exception("The batch body is larger than " + limits.maxBytes() + " bytes.");
    }
}
