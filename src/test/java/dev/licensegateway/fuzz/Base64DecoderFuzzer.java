package dev.licensegateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer on the body decoder, chunked arbitrarily ({@link FuzzTargets#base64Decoder}). Not part of the default suite (the name does
 * not end in Test): {@code ./mvnw -Pfuzz verify -Dfuzz.duration=5m} fuzzes it, seeded from
 * {@code src/test/resources/fuzz/base64/}; findings go there once fixed, and replay in {@link FuzzRegressionTest}.
 */
class Base64DecoderFuzzer {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        FuzzTargets.base64Decoder(data);
    }
}
