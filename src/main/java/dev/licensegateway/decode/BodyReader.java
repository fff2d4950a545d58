package dev.licensegateway.decode;

import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerFileUpload;
import java.time.Duration;

/**
 * Streams a request body into a {@link Base64StreamDecoder} as it arrives: raw text of any content type
 * (the SDK's {@code text/plain}, {@code application/octet-stream}, form-urlencoded taken literally so
 * that {@code +} survives, or none), the {@code file} part of {@code multipart/form-data}, or the decoded
 * JSON object itself as {@code application/json} (the legacy Go SDK). The size
 * limit is enforced on the bytes received, so an oversized body fails before it has been read whole.
 */
public final class BodyReader {

    private BodyReader() {
    }

    /**
     * Completes with the fed decoder when the body has ended, or fails with {@code payload_too_large}
     * as soon as the limit is passed, or {@code missing_parameters} for a multipart body without a file.
     */
    /** How long a body may take to arrive when the caller names no limit. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public static Uni<Base64StreamDecoder> read(HttpServerRequest request, long maxBytes) {
        return read(request, maxBytes, DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #read(HttpServerRequest, long)}, failing with {@code request_timeout} when the body has not
     * ended within {@code timeout}: a client that stalls, or a multipart body Netty's decoder gave up on
     * without ending the request, must not hold the connection without an answer.
     */
    public static Uni<Base64StreamDecoder> read(HttpServerRequest request, long maxBytes, Duration timeout) {
        return stream(request, maxBytes).ifNoItem().after(timeout).failWith(ErrorCode.REQUEST_TIMEOUT::exception);
    }

    private static Uni<Base64StreamDecoder> stream(HttpServerRequest request, long maxBytes) {
        long declared = contentLength(request);
        if (declared > maxBytes) {
            return Uni.createFrom().failure(ErrorCode.PAYLOAD_TOO_LARGE.exception(tooLarge(maxBytes)));
        }
        Base64StreamDecoder decoder = new Base64StreamDecoder(declared, maxBytes);
        if (isJson(request)) {
            decoder.acceptJsonObject();
        }
        boolean multipart = isMultipart(request);
        return Uni.createFrom().emitter(emitter -> {
            // Counts every byte received (multipart framing included) against the limit.
            long[] received = {0};
            boolean[] filePart = {false};
            request.handler(chunk -> {
                received[0] += chunk.length();
                if (received[0] > maxBytes) {
                    request.handler(null);
                    emitter.fail(ErrorCode.PAYLOAD_TOO_LARGE.exception(tooLarge(maxBytes)));
                } else if (!multipart) {
                    decoder.feed(chunk);
                }
            });
            if (multipart) {
                MultipartType.expect(request);
                request.uploadHandler(upload -> acceptUpload(upload, decoder, filePart));
            }
            request.exceptionHandler(failure -> emitter.fail(received[0] > maxBytes
                    ? ErrorCode.PAYLOAD_TOO_LARGE.exception(tooLarge(maxBytes))
                    : ErrorCode.VALIDATION_ERROR.exception("The request body could not be read.")));
            request.endHandler(ended -> {
                if (received[0] > maxBytes) {
                    return;
                }
                if (multipart && !filePart[0]) {
                    String field = request.formAttributes().get("file");
                    if (field == null) {
                        emitter.fail(ErrorCode.MISSING_PARAMETERS.exception("The multipart body has no 'file' part."));
                        return;
                    }
                    byte[] text = field.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    decoder.feed(text, 0, text.length);
                }
                emitter.complete(decoder);
            });
            request.resume();
        });
    }

    private static void acceptUpload(HttpServerFileUpload upload, Base64StreamDecoder decoder, boolean[] filePart) {
        if ("file".equals(upload.name()) && !filePart[0]) {
            filePart[0] = true;
            upload.handler(decoder::feed);
        } else {
            upload.handler(ignored -> { });
        }
    }

    private static boolean isMultipart(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        return type != null && type.regionMatches(true, 0, "multipart/form-data", 0, 19);
    }

    private static boolean isJson(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        return type != null && type.regionMatches(true, 0, "application/json", 0, 16);
    }

    /** The declared {@code Content-Length}, or 0 when absent or not a number (then the bytes received count). */
    public static long contentLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String tooLarge(long maxBytes) {
        return "The request body is larger than " + maxBytes + " bytes.";
    }
}
