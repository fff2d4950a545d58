package dev.licensegateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The vendor's own Node SDK ({@code @licensespring/node-sdk}, pinned by {@code src/test/node/package-lock.json}),
 * installed with {@code npm ci} into {@code target/node-sdk} (once; {@code .ci/run} may have done it already)
 * and driven through {@code src/test/node/sdk-driver.js}. Nothing is skipped: without node or npm, or without
 * the registry, the suite fails and says why.
 */
final class NodeSdk {

    static final String VERSION = "1.4.17";
    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path HOME = Path.of("target/node-sdk");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean installed;

    private NodeSdk() {
    }

    /** Runs the steps with one SDK instance made from {@code config}; one result (file, result or error) per step. */
    static List<JsonNode> run(Map<String, Object> config, List<Map<String, Object>> steps) {
        install();
        try {
            byte[] input = JSON.writeValueAsBytes(Map.of("config", config, "steps", steps));
            Process node = new ProcessBuilder("node", "sdk-driver.js").directory(HOME.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            node.getOutputStream().write(input);
            node.getOutputStream().close();
            byte[] output = node.getInputStream().readAllBytes();
            if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new IllegalStateException("sdk-driver.js failed: " + new String(output, StandardCharsets.UTF_8));
            }
            List<JsonNode> results = List.copyOf(JSON.readTree(output).get("results").valueStream().toList());
            if (results.size() != steps.size()) {
                throw new IllegalStateException("sdk-driver.js answered " + results.size() + " of " + steps.size() + " steps");
            }
            return results;
        } catch (IOException e) {
            throw new IllegalStateException("node could not be run; install Node.js (.ci/run does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code npm ci} of the pinned SDK, unless that exact version is installed already. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Files.createDirectories(HOME);
            for (String name : List.of("package.json", "package-lock.json", "sdk-driver.js")) {
                Files.copy(SOURCE.resolve(name), HOME.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!VERSION.equals(installedVersion())) {
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(HOME.toFile())
                        .redirectErrorStream(true).start();
                String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !VERSION.equals(installedVersion())) {
                    throw new IllegalStateException("npm ci of @licensespring/node-sdk@" + VERSION + " failed:\n" + log);
                }
            }
            installed = true;
        } catch (IOException e) {
            throw new IllegalStateException("npm could not be run; install Node.js and npm (.ci/run does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String installedVersion() throws IOException {
        Path manifest = HOME.resolve("node_modules/@licensespring/node-sdk/package.json");
        return Files.exists(manifest) ? JSON.readTree(manifest.toFile()).path("version").asText() : null;
    }

    // --- the steps sdk-driver.js knows ---

    static Map<String, Object> create(Map<String, Object> payload) {
        return Map.of("op", "create", "payload", payload);
    }

    static Map<String, Object> createActivation(Map<String, Object> payload) {
        return Map.of("op", "createActivation", "payload", payload);
    }

    static Map<String, Object> managerCreate(String product, String hardwareId, Map<String, Object> payload) {
        return Map.of("op", "managerCreate", "product", product, "hardwareId", hardwareId, "payload", payload);
    }

    static Map<String, Object> requestFile(Map<String, Object> data) {
        return Map.of("op", "requestFile", "data", data);
    }

    static Map<String, Object> post(String file) {
        return Map.of("op", "post", "file", file);
    }
}
