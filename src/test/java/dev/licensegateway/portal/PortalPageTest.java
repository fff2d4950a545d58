package dev.licensegateway.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The portal's files as served: their headers, nothing outside the fixed list, nothing from elsewhere. */
@QuarkusTest
class PortalPageTest {

    static final Path SOURCES = Path.of("src/main/resources/portal");

    @Test
    void everyPortalFileIsServedWithAStrictPolicyAndNoCaching() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(SOURCES)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).contains("index.html", "portal.js", "portal.css");
        for (String path : Stream.concat(Stream.of("/portal", "/portal/"), names.stream().map(n -> "/portal/" + n)).toList()) {
            Response response = given().when().get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.header("Content-Security-Policy")).as(path)
                    .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                            "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "*");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
        assertThat(given().get("/portal").contentType()).startsWith("text/html");
        assertThat(given().get("/portal/portal.js").contentType()).startsWith("text/javascript");
        assertThat(given().get("/portal/portal.css").contentType()).startsWith("text/css");
    }

    @Test
    void onlyTheListedFilesAreServed() {
        for (String path : List.of("/portal/nope.js", "/portal/../application.properties", "/portal/%2e%2e/application.properties",
                "/portal/index.html/x", "/portal/META-INF/openapi.yaml")) {
            given().when().get(path).then().statusCode(404).body("code", equalTo("not_found"));
        }
        given().when().post("/portal").then().statusCode(405).body("code", equalTo("method_not_allowed"));
        given().when().head("/portal/portal.js").then().statusCode(200);
    }

    /** Air-gapped users: no URL of another origin; and no way for data to become markup or code. */
    @Test
    void thePageLoadsNothingFromElsewhereAndNeverTurnsDataIntoMarkup() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                assertThat(text).as(file.toString()).doesNotContain("http://", "https://", "//cdn", "@import",
                        "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                        "style=\"", "onclick", "onload", "javascript:");
                if (file.toString().endsWith(".html")) {
                    // Every script is a file of the page: no inline code (which the policy would block anyway).
                    assertThat(text.split("<script", -1).length).isEqualTo(
                            text.split("<script type=\"module\" src=\"/portal/[a-z]+\\.js\"></script>", -1).length);
                }
            }
        }
    }
}
