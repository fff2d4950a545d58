package dev.licensegateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer on the payload parser on arbitrary bytes ({@link FuzzTargets#payloadParser}). Not part of the default suite (the name does
 * not end in Test): {@code ./mvnw -Pfuzz verify -Dfuzz.duration=5m} fuzzes it, seeded from
 * {@code src/test/resources/fuzz/payload/}; findings go there once fixed, and replay in {@link FuzzRegressionTest}.
 */
class PayloadParserFuzzer {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        FuzzTargets.payloadParser(data);
    }
}
