package dev.licensegateway.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.Management;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** What an operator reads: the OpenAPI document and the Prometheus metrics. */
@QuarkusTest
class OpenApiAndMetricsTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    /** Codes that belong to the admin API or to the router, not to the License API's documented answers. */
    static final EnumSet<ErrorCode> NOT_LICENSE_API = EnumSet.of(ErrorCode.UNAUTHORIZED, ErrorCode.ADMIN_API_CLOSED,
            ErrorCode.ALREADY_EXISTS, ErrorCode.METHOD_NOT_ALLOWED, ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.RATE_LIMITED);

    @Test
    void theOpenApiDocumentNamesTheEndpointsAndEveryErrorCode() {
        String document = Management.given(management).queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        assertThat(document).contains("/api/v4/deactivate_offline", "/api/v4/deactivate_offline/batch",
                "/api/v4/oauth/token", "/admin/v1/import", "multipart/form-data", "license_deactivated");
        for (ErrorCode code : EnumSet.complementOf(NOT_LICENSE_API)) {
            assertThat(document).as("documents " + code.code()).contains(code.code());
        }
    }

    @Test
    void metricsCountOutcomesWithBoundedLabelsAndNoSecrets() {
        TestCompany company = TestCompany.create();
        Http.send(Http.post("/api/v4/deactivate_offline", company.headers(), "text/plain", company.file("PERP", "hw-1").file()));
        Http.send(Http.post("/api/v4/deactivate_offline", company.headers(), "text/plain", company.file("PERP", "hw-404").file()));
        String metrics = Management.given(management).when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("gateway_requests_total{endpoint=\"deactivate_offline\",outcome=\"deactivated\"}")
                .contains("gateway_requests_total{endpoint=\"deactivate_offline\",outcome=\"device_not_found\"}")
                .contains("gateway_request_duration_seconds_bucket{endpoint=\"deactivate_offline\"")
                .doesNotContain(company.apiKey).doesNotContain(company.sharedKey).doesNotContain(company.code);
    }
}
