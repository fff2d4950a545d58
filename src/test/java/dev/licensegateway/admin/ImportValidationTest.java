package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.code;
import static dev.licensegateway.admin.AdminTestData.importDocument;
import static dev.licensegateway.admin.AdminTestData.rowsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad document is refused with 400 and a message that starts with the field path; nothing is written. */
@QuarkusTest
class ImportValidationTest {

    /** A valid company; {@code LICENSE} is replaced by the license under test, {@code CODE} by the code. */
    private static final String TEMPLATE = """
            {"companies": [{"code": "CODE", "shared_keys": ["k"], "products": [
               {"code": "ok", "features": [{"code": "minutes", "type": "consumption"}],
                "licenses": [{"license_key": "OK-1", "type": "perpetual"}]},
               {"code": "under-test", "features": [{"code": "minutes", "type": "consumption"},
                                                   {"code": "export", "type": "activation"}],
                "licenses": [{"license_key": "OK-2", "type": "perpetual"}, LICENSE]}]}]}
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown license type   | {"license_key": "X", "type": "lifetime"}                                   | type: must be one of perpetual, time-limited, consumption, subscription
            missing license type   | {"license_key": "X"}                                                       | type: must be one of perpetual, time-limited, consumption, subscription
            missing license key    | {"type": "perpetual"}                                                      | license_key: is required
            users on key product   | {"license_key": "X", "type": "perpetual", "users": [{"username": "u"}]}    | users: only licenses of user-based products have users
            text for an integer    | {"license_key": "X", "type": "perpetual", "max_activations": "five"}       | max_activations: expected an integer
            integer as text        | {"license_key": "X", "type": "perpetual", "max_activations": "5"}          | max_activations: expected an integer
            integer past int       | {"license_key": "X", "type": "perpetual", "max_activations": 2147483648}   | max_activations: must be an integer from -2147483648 to 2147483647
            integer past bigint       | {"license_key": "X", "type": "consumption", "consumption": {"max": 99999999999999999999999}} | consumption.max: must be an integer from -9223372036854775808 to 9223372036854775807
            number for a boolean   | {"license_key": "X", "type": "perpetual", "trial": 1}                      | trial: expected true or false
            number for a string    | {"license_key": 42, "type": "perpetual"}                                   | license_key: expected a string
            unknown field          | {"license_key": "X", "type": "perpetual", "max_activation": 5}             | max_activation: unknown field
            negative activations   | {"license_key": "X", "type": "perpetual", "max_activations": -1}           | max_activations: must not be negative
            too many active        | {"license_key": "X", "type": "perpetual", "devices": [{"hardware_id": "a"}, {"hardware_id": "b"}]} | devices: 2 active devices exceed max_activations (1)
            consumption on perp.   | {"license_key": "X", "type": "perpetual", "consumption": {"max": 5}}       | consumption: only consumption licenses have consumption settings
            negative consumption   | {"license_key": "X", "type": "consumption", "consumption": {"max": -5}}    | consumption.max: must not be negative
            unknown feature        | {"license_key": "X", "type": "consumption", "features": [{"code": "nope"}]} | features[0].code: the product has no consumption feature with this code
            activation feature     | {"license_key": "X", "type": "consumption", "features": [{"code": "export"}]} | features[0].code: the product has no consumption feature with this code
            device without id      | {"license_key": "X", "type": "perpetual", "devices": [{"active": true}]}   | devices[0].hardware_id: is required
            variables not object   | {"license_key": "X", "type": "perpetual", "devices": [{"hardware_id": "a", "variables": [1]}]} | devices[0].variables: expected an object
            null license           | null                                                                       | must be an object, not null
            """)
    void licenseProblemsNameTheirPath(String problem, String license, String message) throws Exception {
        String company = code();
        importDocument(TEMPLATE.replace("CODE", company).replace("LICENSE", license))
                .statusCode(400)
                .body("status", equalTo(400))
                .body("code", equalTo("validation_error"))
                .body("message", equalTo("companies[0].products[1].licenses[1]"
                        + (message.startsWith("must") ? ": " : ".") + message));
        assertThat(rowsOf(company)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no companies          | {"companies": []}                                                      | companies: must list at least one company
            missing companies     | {}                                                                     | companies: must list at least one company
            bad company code      | {"companies": [{"code": "Acme Corp"}]}                                 | companies[0].code: must match ^[a-z0-9][a-z0-9_-]{0,62}$
            unknown top field     | {"companies": [], "company": {}}                                       | company: unknown field
            bad not_after         | {"companies": [{"code": "c", "shared_keys": [{"key": "k", "not_after": "tomorrow"}]}]} | companies[0].shared_keys[0].not_after: must be an ISO-8601 date-time such as 2030-01-01T00:00:00Z
            shared key as number  | {"companies": [{"code": "c", "shared_keys": [7]}]}                     | companies[0].shared_keys[0]: expected a string or an object
            empty client secret   | {"companies": [{"code": "c", "oauth_clients": [{"client_id": "x", "client_secret": ""}]}]} | companies[0].oauth_clients[0].client_secret: must not be empty when given
            bad method            | {"companies": [{"code": "c", "products": [{"code": "p", "authorization_method": "magic"}]}]} | companies[0].products[0].authorization_method: must be license-key or user
            user license no users | {"companies": [{"code": "c", "products": [{"code": "p", "authorization_method": "user", "licenses": [{"type": "perpetual"}]}]}]} | companies[0].products[0].licenses[0].users: a license of a user-based product needs at least one user
            bad feature type      | {"companies": [{"code": "c", "products": [{"code": "p", "features": [{"code": "f", "type": "metered"}]}]}]} | companies[0].products[0].features[0].type: must be consumption or activation
            array document        | []                                                                     | the document must be a JSON object
            """)
    void documentProblemsNameTheirPath(String problem, String json, String message) {
        importDocument(json).statusCode(400)
                .body("code", equalTo("validation_error"))
                .body("message", equalTo(message));
    }

    @Test
    void brokenJsonIsInvalidJson() {
        importDocument("{\"companies\": [").statusCode(400)
                .body("code", equalTo("invalid_json"))
                .body("message", org.hamcrest.Matchers.startsWith("the document is not valid JSON"));
    }

    @Test
    void aDocumentMustBeSentAsJson() {
        AdminTestData.admin().contentType("text/plain").body("{}").post("/admin/v1/import").then()
                .statusCode(415).body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void messagesDoNotQuoteTheDocument() {
        String response = importDocument("""
                {"companies": [{"code": "c", "shared_keys": [{"key": "very-secret-key", "not_after": "soon"}]}]}
                """).statusCode(400).extract().asString();
        assertThat(response).doesNotContain("very-secret-key", "soon");
    }
}
