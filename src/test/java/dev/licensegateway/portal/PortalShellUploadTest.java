package dev.licensegateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's one-command shell upload of a folder, run in bash as written, against this test's gateway. */
@QuarkusTest
class PortalShellUploadTest {

    static final String BEGIN = "<!-- portal-shell-upload:begin -->";
    static final String END = "<!-- portal-shell-upload:end -->";

    @Test
    void theReadmeCommandUploadsAWholeFolderTree(@TempDir Path work) throws Exception {
        TestCompany company = TestCompany.create(false, 250);
        Path folder = Files.createDirectories(work.resolve("plant-7"));
        Path hall = Files.createDirectories(folder.resolve("hall b"));
        for (int i = 1; i <= 249; i++) {
            Path directory = i % 2 == 0 ? hall : folder;
            Files.writeString(directory.resolve(String.format("device %03d.req", i)),
                    company.file("CONS", "hw-" + i).file(), StandardCharsets.US_ASCII);
        }
        Files.writeString(folder.resolve("forged.req"),
                SdkRequestFile.keyBased("stolen", company.apiKey, "studio", "CONS", "hw-250").file());
        Files.writeString(folder.resolve("README.txt"), "not a request file: left out");

        Process process = new ProcessBuilder("bash", "-c", readmeCommand())
                .directory(work.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(work.resolve("results.ndjson").toFile())
                .start();
        process.getOutputStream().close();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isZero();

        List<JsonNode> lines = OfflineFilesEndpointTest.lines(Files.readString(work.resolve("results.ndjson")));
        Map<String, JsonNode> byName = new HashMap<>();
        lines.forEach(line -> byName.put(line.get("name").asText(), line));
        assertThat(lines).hasSize(250);
        assertThat(byName).hasSize(250);
        assertThat(byName.get("plant-7/hall b/device 002.req").get("outcome").asText()).isEqualTo("deactivated");
        assertThat(byName.get("plant-7/device 001.req").get("outcome").asText()).isEqualTo("deactivated");
        assertThat(byName.get("plant-7/forged.req").get("code").asText()).isEqualTo("signature_mismatch");
        assertThat(lines.stream().filter(l -> l.get("outcome").asText().equals("deactivated")).count()).isEqualTo(249);
        assertThat(company.count("deactivation_events")).isEqualTo(249);
        assertThat(company.timesActivated("CONS")).isEqualTo(1);
        assertThat(company.deviceActive("CONS", "hw-250")).isTrue();
    }

    /** The command between the README's markers, with the gateway's URL and admin token in its environment. */
    private static String readmeCommand() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README marker " + BEGIN).isPositive();
        String block = readme.substring(begin + BEGIN.length(), end);
        String command = block.substring(block.indexOf("```bash") + 7, block.lastIndexOf("```")).trim();
        assertThat(command).contains("$GATEWAY_ADMIN_TOKEN").doesNotContain(TestCompany.ADMIN_TOKEN);
        return "export GATEWAY_URL='http://localhost:" + RestAssured.port + "' GATEWAY_ADMIN_TOKEN='"
                + TestCompany.ADMIN_TOKEN + "'\n" + command;
    }
}
