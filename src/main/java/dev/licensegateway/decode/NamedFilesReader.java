package dev.licensegateway.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an upload of named request files (the portal's), bounded in bytes and in files, before any work
 * starts: NDJSON with one {@code {"name": "…", "content": "<the file's text>"}} per line, or
 * {@code multipart/form-data} with many {@code file} parts (their filenames are the names). Each file is
 * kept as its own text and decoded later, on its own, so that one bad file never fails the others; a line
 * that is not such an object is one failed file, answered at its place.
 */
public final class NamedFilesReader {

    /** The longest file name kept; longer ones are cut (names are shown, never used as paths). */
    static final int MAX_NAME = 255;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NamedFilesReader() {
    }

    public static Uni<List<NamedFile>> read(HttpServerRequest request, BatchStream.Limits limits) {
        if (BodyReader.contentLength(request) > limits.maxBytes()) {
            return Uni.createFrom().failure(tooLarge(limits));
        }
        String type = request.getHeader("Content-Type");
        boolean multipart = type != null && type.regionMatches(true, 0, "multipart/form-data", 0, 19);
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer();
            List<NamedFile> parts = new ArrayList<>();
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
                MultipartType.expect(request);
                request.uploadHandler(upload -> {
                    if (!"file".equals(upload.name())) {
                        upload.handler(ignored -> { });
                        return;
                    }
                    Buffer part = Buffer.buffer();
                    parts.add(file(parts.size(), upload.filename(), part, limits.maxItemBytes()));
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
                List<NamedFile> files = multipart ? parts : lines(body, limits.maxItemBytes());
                if (files.isEmpty()) {
                    emitter.fail(ErrorCode.MISSING_PARAMETERS.exception("The upload holds no request file."));
                } else if (files.size() > limits.maxItems()) {
                    emitter.fail(ErrorCode.PAYLOAD_TOO_LARGE.exception(
                            "The upload holds more than " + limits.maxItems() + " request files."));
                } else {
                    emitter.complete(files);
                }
            });
            request.resume();
        });
    }

    /** One file per non-blank line. */
    static List<NamedFile> lines(Buffer body, long maxItemBytes) {
        List<NamedFile> files = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length(); i++) {
            if (i == body.length() || body.getByte(i) == '\n') {
                Buffer line = body.slice(start, i);
                if (!line.toString(java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
                    files.add(line(files.size(), line, maxItemBytes));
                }
                start = i + 1;
            }
        }
        return files;
    }

    private static NamedFile line(int index, Buffer line, long maxItemBytes) {
        JsonNode node;
        try {
            node = JSON.readTree(line.getBytes());
        } catch (IOException e) {
            node = null;
        }
        JsonNode name = node == null ? null : node.get("name");
        JsonNode content = node == null ? null : node.get("content");
        if (node == null || !node.isObject() || content == null || !content.isTextual()
                || (name != null && !name.isNull() && !name.isTextual())) {
            ApiException error = ErrorCode.VALIDATION_ERROR.exception(
                    "Line " + (index + 1) + " is not {\"name\": \"…\", \"content\": \"…\"}.");
            return new NamedFile(index, null, () -> {
                throw error;
            });
        }
        String text = name == null || name.isNull() ? null : name.asText();
        return file(index, text, Buffer.buffer(content.asText()), maxItemBytes);
    }

    private static NamedFile file(int index, String name, Buffer text, long maxItemBytes) {
        String shown = name == null || name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
        return new NamedFile(index, shown, () -> {
            if (text.length() > maxItemBytes) {
                throw ErrorCode.PAYLOAD_TOO_LARGE.exception("This request file is larger than " + maxItemBytes + " bytes.");
            }
            if (text.length() == 0) {
                throw ErrorCode.MISSING_PARAMETERS.exception("The request file is empty.");
            }
            Base64StreamDecoder decoder = new Base64StreamDecoder(text.length(), maxItemBytes);
            decoder.feed(text);
            return decoder.finish();
        });
    }

    private static ApiException tooLarge(BatchStream.Limits limits) {
        return ErrorCode.PAYLOAD_TOO_LARGE.exception("The upload is larger than " + limits.maxBytes() + " bytes.");
    }
}
