package dev.licensegateway.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer on the multipart path through BodyReader on a Vert.x server ({@link FuzzTargets#multipart}). Not part of the default suite (the name does
 * not end in Test): {@code ./mvnw -Pfuzz verify -Dfuzz.duration=5m} fuzzes it, seeded from
 * {@code src/test/resources/fuzz/multipart/}; findings go there once fixed, and replay in {@link FuzzRegressionTest}.
 */
class MultipartFuzzer {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        // The target talks to its own server on loopback; Jazzer's SSRF detector would report that connection.
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections(
                (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"))) {
            FuzzTargets.multipart(data);
        }
    }
}
