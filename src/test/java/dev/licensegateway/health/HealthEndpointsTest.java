package dev.licensegateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The three probe endpoints Kubernetes calls answer 200 UP on a healthy, migrated database. */
@QuarkusTest
class HealthEndpointsTest {

    @Test
    void livenessIsUpWithoutAskingTheDatabase() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(LivenessCheck.NAME))
                .body("checks.find { it.name == '" + DatabaseReachabilityCheck.NAME + "' }", equalTo(null));
    }

    @Test
    void theDatabaseHasAHealthGroupOfItsOwnAndAGauge() {
        given().when().get("/q/health/group/" + DatabaseReachabilityCheck.GROUP)
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(DatabaseReachabilityCheck.NAME));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("gateway_database_up 1.0"));
    }

    @Test
    void readinessIsUpWhenTheSchemaIsCurrentAndDoesNotAskTheDatabaseEachTime() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(SchemaReadinessCheck.NAME))
                .body("checks.find { it.name == '" + DatabaseReachabilityCheck.NAME + "' }", equalTo(null))
                .body("checks.find { it.name == '" + SchemaReadinessCheck.NAME + "' }.data.version",
                        not(equalTo("none")));
    }

    @Test
    void startupIsUpOnceTheApplicationHasStarted() {
        given().when().get("/q/health/started")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(StartupCheck.NAME));
    }
}
