package dev.licensegateway.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.SdkRequestFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The harness's company and the operations the clients send. Two licenses of product {@code studio}:
 * CONS (consumption, limits far away, feature render-minutes) and PERP (perpetual), each with
 * {@code devices} active devices {@code hw-N} plus ten reserved ones {@code r-N} that only refused
 * operations name, so they must stay active. Operations are drawn at random but reproducibly (seeded).
 */
final class FaultDataset {

    static final String PRODUCT = "studio";
    static final String FEATURE = "render-minutes";
    static final long MAX = 1_000_000_000L;
    static final int RESERVED = 10;

    /** What one operation is meant to show; {@code expectedCode} null means it must end acknowledged. */
    enum Kind {
        DEACTIVATE(null), REPLAY(null), UNKNOWN_DEVICE("device_not_found"), FORGED("signature_mismatch"),
        OVER_LIMIT("license_not_enough_consumptions"), CONFLICT("request_id_conflict");

        final String expectedCode;

        Kind(String expectedCode) {
            this.expectedCode = expectedCode;
        }
    }

    /** One upload, retried with the same bytes until it resolves. */
    record Op(int id, Kind kind, String license, String hardwareId, long consumptions, long featureDelta,
              String requestId, String fileText, String digest, Op original) {
    }

    final String company = "faults-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    final String sharedKey = "sk-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    final String apiKey = "ak-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    final int devices;
    private final Random random;
    private final int[] nextDevice = new int[2];
    private int nextId;
    private final List<Op> acknowledged = new ArrayList<>();

    FaultDataset(int devices, long seed) {
        this.devices = devices;
        this.random = new Random(seed);
    }

    /** The admin import document. */
    String importDocument() throws Exception {
        Map<String, Object> cons = license("CONS", "consumption");
        cons.put("consumption", Map.of("max", MAX, "total", 0, "allow_overages", false, "max_overages", 0,
                "unlimited", false, "allow_negative", false));
        cons.put("features", List.of(Map.of("code", FEATURE, "max_consumption", MAX, "total", 0,
                "allow_overages", false, "max_overages", 0)));
        Map<String, Object> perp = license("PERP", "perpetual");
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("code", PRODUCT);
        product.put("name", "Studio");
        product.put("authorization_method", "license-key");
        product.put("features", List.of(Map.of("code", FEATURE, "type", "consumption")));
        product.put("licenses", List.of(cons, perp));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("code", company);
        doc.put("name", "Fault harness");
        doc.put("shared_keys", List.of(sharedKey));
        doc.put("api_keys", List.of(Map.of("key", apiKey)));
        doc.put("require_schema_v2", false);
        doc.put("products", List.of(product));
        return new ObjectMapper().writeValueAsString(Map.of("companies", List.of(doc)));
    }

    private Map<String, Object> license(String key, String type) {
        Map<String, Object> license = new LinkedHashMap<>();
        license.put("license_key", key);
        license.put("type", type);
        license.put("trial", false);
        license.put("enabled", true);
        license.put("max_activations", devices + RESERVED);
        List<Object> list = new ArrayList<>();
        IntStream.range(0, devices).forEach(i -> list.add(Map.of("hardware_id", "hw-" + i, "active", true)));
        IntStream.range(0, RESERVED).forEach(i -> list.add(Map.of("hardware_id", "r-" + i, "active", true)));
        license.put("devices", list);
        license.put("features", List.of());
        return license;
    }

    /** The next operation, or null when both licenses have run out of devices. */
    synchronized Op next() {
        int roll = random.nextInt(100);
        if (roll < 3 && !acknowledged.isEmpty()) {
            Op original = acknowledged.get(random.nextInt(acknowledged.size()));
            return new Op(nextId++, Kind.REPLAY, original.license(), original.hardwareId(), 0, 0, original.requestId(),
                    original.fileText(), original.digest(), original);
        }
        if (roll < 6 && !acknowledged.isEmpty()) {
            Op original = acknowledged.get(random.nextInt(acknowledged.size()));
            SdkRequestFile file = file("CONS", reserved()).with("request_id", original.requestId());
            return op(Kind.CONFLICT, "CONS", file, 0, 0, original);
        }
        if (roll < 10) {
            return op(Kind.UNKNOWN_DEVICE, "CONS", file("CONS", "ghost-" + nextId).consumptions(1), 1, 0, null);
        }
        if (roll < 14) {
            SdkRequestFile file = file("CONS", reserved()).with("signature", Base64.getEncoder().encodeToString(bytes(32)));
            return op(Kind.FORGED, "CONS", file, 0, 0, null);
        }
        if (roll < 17) {
            return op(Kind.OVER_LIMIT, "CONS", file("CONS", reserved()).consumptions(2 * MAX), 2 * MAX, 0, null);
        }
        int which = random.nextInt(3) == 0 ? 1 : 0;
        if (nextDevice[which] >= devices) {
            which = 1 - which;
            if (nextDevice[which] >= devices) {
                return null;
            }
        }
        String license = which == 0 ? "CONS" : "PERP";
        String hardwareId = "hw-" + nextDevice[which]++;
        SdkRequestFile file = file(license, hardwareId);
        long consumptions = 0;
        long feature = 0;
        if (which == 0) {
            consumptions = 1 + random.nextInt(5);
            feature = random.nextInt(4);
            file.consumptions(consumptions);
            if (feature > 0) {
                file.feature(FEATURE, feature);
            }
        }
        return op(Kind.DEACTIVATE, license, file, consumptions, feature, null);
    }

    /** Remembers an acknowledged deactivation, for later replays and conflicts. */
    synchronized void acknowledged(Op op) {
        if (op.kind() == Kind.DEACTIVATE) {
            acknowledged.add(op);
        }
    }

    private String reserved() {
        return "r-" + random.nextInt(RESERVED);
    }

    private SdkRequestFile file(String license, String hardwareId) {
        return SdkRequestFile.keyBased(sharedKey, apiKey, PRODUCT, license, hardwareId);
    }

    private Op op(Kind kind, String license, SdkRequestFile file, long consumptions, long feature, Op original) {
        String json = file.json();
        return new Op(nextId++, kind, license, (String) file.request().get("hardware_id"), consumptions, feature,
                file.requestId(), file.file(), sha256(json), original);
    }

    private byte[] bytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
