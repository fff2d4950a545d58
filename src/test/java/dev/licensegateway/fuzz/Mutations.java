package dev.licensegateway.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** A few libFuzzer-like mutations, seeded, for the default suite's quick pass over the stored inputs. */
final class Mutations {

    private static final String[] TOKENS = {"\"", "\\", "\\u0000", "\\ud800", "{", "}", "[", "]", ",", ":", "=", "==",
        "\r\n", "--", "\r\n--b\r\n", "null", "true", "-0", "1e999", "9223372036854775808", "-9223372036854775808",
        "\"request\"", "\"signature\"", "\"consumptions\"", "\"product_features\"", "\"variables\"", "Bearer ",
        "apikey=", "algorithm=\"hmac-sha256\"", "Content-Disposition: form-data; name=\"file\"\r\n\r\n", "\u00ff", "\u00ef\u00bb\u00bf"};

    private Mutations() {
    }

    static byte[] mutate(byte[] input, byte[] other, Random random) {
        byte[] out = input;
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            out = once(out, other, random);
        }
        return out;
    }

    private static byte[] once(byte[] in, byte[] other, Random random) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
        switch (random.nextInt(6)) {
            case 0 -> {
                if (in.length > 0) {
                    byte[] out = in.clone();
                    out[Math.min(at, in.length - 1)] ^= (byte) (1 << random.nextInt(8));
                    return out;
                }
                return new byte[] {(byte) random.nextInt(256)};
            }
            case 1 -> {
                int end = Math.min(in.length, at + random.nextInt(16));
                return join(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(in, end, in.length));
            }
            case 2 -> {
                byte[] token = TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1);
                return join(Arrays.copyOfRange(in, 0, at), token, Arrays.copyOfRange(in, at, in.length));
            }
            case 3 -> {
                int end = Math.min(in.length, at + random.nextInt(64));
                return join(Arrays.copyOfRange(in, 0, end), Arrays.copyOfRange(in, at, in.length));
            }
            case 4 -> {
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                return join(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(other, from, other.length));
            }
            default -> {
                byte[] out = in.clone();
                if (in.length > 0) {
                    out[Math.min(at, in.length - 1)] = (byte) random.nextInt(256);
                }
                return out;
            }
        }
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
