package dev.licensegateway.bench;

import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.credentials.Credentials;
import dev.licensegateway.credentials.SigningKey;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One SDK-style request as the benchmarks receive it: the body (base64 text and the SDK's trailing newline)
 * padded to a target size and split into the Vert.x buffers Netty would hand over, its Date and
 * Authorization headers, and the caller's credentials with a ready {@link SigningKey}.
 */
final class RequestFiles {

    /** The shared key of the SPEC's known-answer vector. */
    static final String SHARED_KEY = "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja";
    static final String API_KEY = "0f8e2d4c-6b1a-4e39-8c57-2a9d3f1b7e60";
    /** Bytes of the first TCP segment (MSS 1448) left for the body after ~320 bytes of request line and headers. */
    static final int FIRST_SEGMENT_BODY = 1448 - 320;

    final int targetBytes;
    final int schemaVersion;
    final byte[] body;
    final Buffer[] chunks;
    final String date;
    final String authorization;
    final Credentials caller;
    final byte[] sharedKey = SHARED_KEY.getBytes(StandardCharsets.UTF_8);

    private RequestFiles(int targetBytes, int schemaVersion, byte[] body, Map<String, String> headers) {
        this.targetBytes = targetBytes;
        this.schemaVersion = schemaVersion;
        this.body = body;
        this.chunks = split(body);
        this.date = headers.get("Date");
        this.authorization = headers.get("Authorization");
        this.caller = Credentials.apiKey("bench-company", API_KEY, false, false, List.of(new SigningKey(sharedKey)));
    }

    /**
     * A file of at least {@code targetBytes} on the wire. Up to 1024 it is the plain file the SDK writes
     * (its fields in its order, as {@link SdkRequestFile} builds them: 545 bytes for v1, 673 for v2, so 512
     * is not padded); above, it adds what a busy device sends (consumptions, features, device variables,
     * network fields). A file under the target is padded in {@code hostname} to it, within 3 bytes.
     */
    static RequestFiles of(int targetBytes, int schemaVersion) {
        SdkRequestFile file = build(targetBytes, schemaVersion, "");
        int missing = targetBytes - file.file().length();
        if (missing > 0) {
            // Four base64 characters carry three bytes.
            file = build(targetBytes, schemaVersion, "x".repeat(missing * 3 / 4));
        }
        byte[] body = file.file().getBytes(StandardCharsets.US_ASCII);
        return new RequestFiles(targetBytes, schemaVersion, body, SdkHeaders.apiKey(SHARED_KEY, API_KEY));
    }

    private static SdkRequestFile build(int targetBytes, int schemaVersion, String padding) {
        SdkRequestFile file = SdkRequestFile.keyBased(SHARED_KEY, API_KEY, "studio", "QX7K-2MWP-9HTD-4RBN",
                        "4c1f9e2a7b3d5f60")
                .with("request_id", "5b0d9f3e-1c2a-4e7b-9a86-3f2e1d0c4b5a")
                .with("hostname", "fleet-node" + padding);
        if (targetBytes > 1024) {
            file.busyDevice();
        }
        return schemaVersion == 2 ? file.v2() : file;
    }

    /** One buffer when the body fits the first segment beside the headers, otherwise one per segment. */
    private static Buffer[] split(byte[] body) {
        if (body.length <= FIRST_SEGMENT_BODY) {
            return new Buffer[] {Buffer.buffer(body)};
        }
        return new Buffer[] {
            Buffer.buffer(Arrays.copyOfRange(body, 0, FIRST_SEGMENT_BODY)),
            Buffer.buffer(Arrays.copyOfRange(body, FIRST_SEGMENT_BODY, body.length))
        };
    }

    /** The decoded file text, for the record. */
    String json() {
        return new String(java.util.Base64.getMimeDecoder().decode(body), StandardCharsets.UTF_8);
    }
}
