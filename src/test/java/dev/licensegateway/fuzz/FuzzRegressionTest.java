package dev.licensegateway.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default suite's share of fuzzing, in seconds: every stored input of {@code src/test/resources/fuzz/<target>/}
 * (seeds, and the findings of past fuzzing runs) replayed through its target, then a fixed number of
 * seeded mutations of them. {@code -Pfuzz} runs Jazzer on the same targets for a set time.
 */
class FuzzRegressionTest {

    static final Map<String, Consumer<byte[]>> TARGETS = Map.of(
            "base64", FuzzTargets::base64Decoder,
            "payload", FuzzTargets::payloadParser,
            "authorization", FuzzTargets::authorization,
            "multipart", FuzzTargets::multipart);
    static final Map<String, Integer> MUTATIONS = Map.of("base64", 3000, "payload", 3000, "authorization", 3000, "multipart", 150);

    static Stream<Arguments> storedInputs() {
        return TARGETS.keySet().stream().sorted().flatMap(target -> inputs(target).stream()
                .map(path -> Arguments.of(target, path.getFileName().toString())));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("storedInputs")
    void storedInputReplaysCleanly(String target, String name) throws IOException {
        TARGETS.get(target).accept(Files.readAllBytes(directory(target).resolve(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base64", "payload", "authorization", "multipart"})
    void seededMutationsOfTheStoredInputsReplayCleanly(String target) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (Path path : inputs(target)) {
            seeds.add(Files.readAllBytes(path));
        }
        Assertions.assertFalse(seeds.isEmpty(), "no stored inputs for " + target);
        long seed = Long.getLong("fuzz.seed", 20_261_127L);
        Random random = new Random(seed ^ target.hashCode());
        for (int i = 0; i < MUTATIONS.get(target); i++) {
            byte[] input = Mutations.mutate(seeds.get(random.nextInt(seeds.size())), seeds.get(random.nextInt(seeds.size())), random);
            try {
                TARGETS.get(target).accept(input);
            } catch (Throwable e) {
                throw new AssertionError("mutation " + i + " (seed " + seed + ") of " + target + " failed: input base64 "
                        + java.util.Base64.getEncoder().encodeToString(input), e);
            }
        }
    }

    static Path directory(String target) {
        URL url = FuzzRegressionTest.class.getClassLoader().getResource("fuzz/" + target);
        if (url == null) {
            throw new IllegalStateException("no src/test/resources/fuzz/" + target);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> inputs(String target) {
        try (Stream<Path> files = Files.list(directory(target))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
