package dev.licensegateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.error.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level fast path against Jackson's path, on the same bytes: whenever the fast path binds a file,
 * Jackson binds it to an equal {@link RequestFile}; and {@link PayloadParser#parse} (fast path first) answers
 * every input exactly as Jackson alone does — the same file, or the same error code and message. Inputs: the
 * seeds of {@link SeedFiles} as they are, seeded mutations of them ({@link FileMutations}), and seeded files
 * built member by member ({@link RandomFiles}); thousands of cases, fixed seeds, so a failure replays.
 */
class FastPayloadParserDifferentialTest {

    static final Map<String, byte[]> SEEDS = SeedFiles.all();
    static final int MUTATIONS_PER_SEED = 60;
    static final int BUILT_FILES = 1500;

    /** What a parser answered: a file, or a documented error. Anything else thrown fails the test. */
    record Answer(RequestFile file, String code, String message) {
    }

    @Test
    void everySeedIsAnsweredAlike() {
        Tally tally = new Tally();
        SEEDS.forEach((name, bytes) -> compare(name, bytes, tally));
        assertThat(tally.fast).as("seeds bound by the fast path").isGreaterThanOrEqualTo(SeedFiles.sdkFiles().size());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20_261_202})
    void mutatedSeedsAreAnsweredAlike(long seed) {
        Random random = new Random(seed);
        Tally tally = new Tally();
        List<Map.Entry<String, byte[]>> seeds = new ArrayList<>(SEEDS.entrySet());
        for (Map.Entry<String, byte[]> entry : seeds) {
            for (int i = 0; i < MUTATIONS_PER_SEED; i++) {
                byte[] input = FileMutations.mutate(entry.getValue(), random);
                compare("mutation " + i + " of '" + entry.getKey() + "' (seed " + seed + ")", input, tally);
            }
        }
        System.out.println("differential, mutations seed " + seed + ": " + tally);
        // Not a vacuous comparison: mutated files still reach both answers of the fast path.
        assertThat(tally.fast).as("mutations the fast path bound").isGreaterThan(50);
        assertThat(tally.declined).as("mutations the fast path handed over").isGreaterThan(1000);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 20_261_203})
    void builtFilesAreAnsweredAlike(long seed) {
        Random random = new Random(seed);
        Tally tally = new Tally();
        for (int i = 0; i < BUILT_FILES; i++) {
            byte[] input = SeedFiles.utf8(new RandomFiles(random).file());
            compare("built file " + i + " (seed " + seed + ")", input, tally);
        }
        System.out.println("differential, built files seed " + seed + ": " + tally);
        assertThat(tally.fast).as("built files the fast path bound").isGreaterThan(200);
        assertThat(tally.declined).as("built files the fast path handed over").isGreaterThan(100);
    }

    /**
     * One input, with bytes after its end in the backing array (the decoder's array is larger than the file):
     * neither path may read past {@code length}.
     */
    static void compare(String what, byte[] input, Tally tally) {
        byte[] backing = Arrays.copyOf(input, input.length + 7);
        Arrays.fill(backing, input.length, backing.length, (byte) '}');
        DecodedBody body = new DecodedBody(backing, input.length);
        String shown = what + ", input base64 " + Base64.getEncoder().encodeToString(input);
        Answer jackson = answer(() -> PayloadParser.parseWithJackson(body));
        RequestFile fast = FastPayloadParser.parse(backing, input.length);
        if (fast != null) {
            tally.fast++;
            assertThat(jackson.code()).as("Jackson refuses what the fast path bound: " + shown).isNull();
            assertThat(fast).as("the fast path's file: " + shown).isEqualTo(jackson.file());
        } else {
            tally.declined++;
            if (jackson.file() != null) {
                tally.declinedValid++;
                if (System.getProperty("differential.show") != null) {
                    System.out.println("declined valid: " + new String(input, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(answer(() -> PayloadParser.parse(body))).as("PayloadParser.parse: " + shown).isEqualTo(jackson);
    }

    static Answer answer(java.util.function.Supplier<RequestFile> parser) {
        try {
            return new Answer(parser.get(), null, null);
        } catch (ApiException e) {
            return new Answer(null, e.code().code(), e.getMessage());
        }
    }

    static final class Tally {
        int fast;
        int declined;
        int declinedValid;

        @Override
        public String toString() {
            return (fast + declined) + " inputs, " + fast + " bound by the fast path, " + declined + " handed to Jackson (" + declinedValid + " of them valid)";
        }
    }
}
