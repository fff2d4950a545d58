package dev.licensegateway.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.SdkRequestFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Decoded request files to start from: what the SDKs write (Python via {@link SdkRequestFile} in its forms, the
 * Node SDK's own files, the known-answer vectors), the JMH benchmark's 2 KiB shape, and the fuzzers' stored
 * inputs (hostile ones included). Named, so a failing case says where it came from.
 */
final class SeedFiles {

    static final String KEY = "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja";
    static final String API_KEY = "0f8e2d4c-6b1a-4e39-8c57-2a9d3f1b7e60";

    private SeedFiles() {
    }

    /** The files the SDKs write: every one of them must take the fast path. */
    static Map<String, byte[]> sdkFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("python v1", utf8(python().json()));
        files.put("python v2", utf8(python().v2().json()));
        files.put("python v2 hex outer", utf8(python().v2(KEY, true).json()));
        files.put("python user-based", utf8(SdkRequestFile.userBased(KEY, API_KEY, "studio", "ana@example.com", "hw-1").json()));
        files.put("python oauth", utf8(python().without("api_key").with("client_id", "auth-company-acme-0001").json()));
        files.put("python nulls", utf8(python().with("ip", null).with("is_vm", null).with("variables", null)
                .with("product_features", null).json()));
        files.put("c++ v2", utf8(python().cppStyle(true).json()));
        files.put("go date", utf8(python().goStyleDate().json()));
        files.put("node-style v2 without inner signature", utf8(python().withoutInnerSignature().v2().json()));
        files.put("bench 2 KiB v1", utf8(busy(python()).json()));
        files.put("bench 2 KiB v2", utf8(busy(python()).v2().json()));
        vectors("/vectors/node-sdk-files.json", "files").forEach((name, bytes) -> {
            if (!name.contains("(comparison) activation")) {
                files.put(name, bytes);
            }
        });
        files.putAll(vectors("/vectors/deactivation-files.json", null));
        return files;
    }

    /** Every seed: the SDKs' files, the activation file among the Node vectors, and the fuzzers' stored inputs. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> files = new LinkedHashMap<>(sdkFiles());
        files.putAll(vectors("/vectors/node-sdk-files.json", "files"));
        files.put("PayloadParserTest base", utf8("{" + PayloadParserTest.BASE + "}"));
        files.put("PayloadParserTest v1 with everything", utf8("{" + PayloadParserTest.BASE + ", \"consumptions\": 3, "
                + "\"product_features\": [{\"feature\": \"f\", \"consumptions\": 2}, {\"feature\": \"f\", "
                + "\"consumptions\": 1}], \"hostname\": \"h\", \"is_vm\": false, \"license_id\": 77, "
                + "\"variables\": {\"k\": [1, \"v\", -0.5e-3, true, null, {}, []]}}"));
        try (Stream<Path> stored = Files.list(Path.of(SeedFiles.class.getResource("/fuzz/payload").toURI()))) {
            for (Path path : stored.sorted().toList()) {
                files.put("fuzz/payload/" + path.getFileName(), Files.readAllBytes(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    static SdkRequestFile python() {
        return SdkRequestFile.keyBased(KEY, API_KEY, "studio", "QX7K-2MWP-9HTD-4RBN", "4c1f9e2a7b3d5f60")
                .with("request_id", "5b0d9f3e-1c2a-4e7b-9a86-3f2e1d0c4b5a");
    }

    /** The JMH benchmark's 2 KiB file ({@code RequestFiles.of(2048, …)}): what a busy device sends. */
    static SdkRequestFile busy(SdkRequestFile file) {
        return file.with("hostname", "fleet-node" + "x".repeat(700)).busyDevice();
    }

    /** The decoded {@code file} of each entry of a vectors file (entries without one are header vectors). */
    private static Map<String, byte[]> vectors(String resource, String member) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = SeedFiles.class.getResourceAsStream(resource)) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<JsonNode> entries = new ArrayList<>();
            (member == null ? root : root.get(member)).forEach(entries::add);
            for (JsonNode entry : entries) {
                if (entry.hasNonNull("file")) {
                    String name = entry.has("name") ? entry.get("name").asText() : entry.get("what").asText();
                    files.put(resource + ": " + name, Base64.getMimeDecoder().decode(entry.get("file").asText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
