package dev.licensegateway.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.licensegateway.testing.Management;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three probe endpoints Kubernetes calls answer 200 UP on a healthy, migrated database, on the management
 * port; the public port serves none of health, metrics or the OpenAPI document.
 */
@QuarkusTest
class HealthEndpointsTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void livenessIsUpWithoutAskingTheDatabase() {
        Management.given(management).when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(LivenessCheck.NAME))
                .body("checks.find { it.name == '" + DatabaseReachabilityCheck.NAME + "' }", equalTo(null));
    }

    @Test
    void theDatabaseHasAHealthGroupOfItsOwnAndAGauge() {
        Management.given(management).when().get("/q/health/group/" + DatabaseReachabilityCheck.GROUP)
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(DatabaseReachabilityCheck.NAME));
        Management.given(management).when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("gateway_database_up 1.0"));
    }

    @Test
    void readinessIsUpWhenTheSchemaIsCurrentAndDoesNotAskTheDatabaseEachTime() {
        Management.given(management).when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(SchemaReadinessCheck.NAME))
                .body("checks.find { it.name == '" + DatabaseReachabilityCheck.NAME + "' }", equalTo(null))
                .body("checks.find { it.name == '" + SchemaReadinessCheck.NAME + "' }.data.version",
                        not(equalTo("none")));
    }

    @Test
    void startupIsUpOnceTheApplicationHasStarted() {
        Management.given(management).when().get("/q/health/started")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(StartupCheck.NAME));
    }

    @Test
    void thePublicPortAnswersNoHealthMetricsOrOpenApi() {
        assertThat(management.getPort()).isNotEqualTo(RestAssured.port);
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
                "/q/health/group/" + DatabaseReachabilityCheck.GROUP, "/q/metrics", "/q/openapi")) {
            given().when().get(path).then().statusCode(404)
                    .body("status", equalTo(404)).body("code", equalTo("not_found"));
            Management.given(management).when().get(path).then().statusCode(200);
        }
    }
}
