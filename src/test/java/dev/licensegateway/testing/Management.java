package dev.licensegateway.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;

/**
 * REST Assured aimed at the management interface (health, metrics, OpenAPI), which listens on a port of its own
 * ({@code quarkus.management.test-port=0}: a free one). A test gets its URL injected with
 * {@code @TestHTTPResource(value = "/", management = true) URL management}.
 */
public final class Management {

    private Management() {
    }

    public static RequestSpecification given(URL management) {
        return RestAssured.given().port(management.getPort());
    }
}
