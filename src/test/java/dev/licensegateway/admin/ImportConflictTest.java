package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.code;
import static dev.licensegateway.admin.AdminTestData.count;
import static dev.licensegateway.admin.AdminTestData.document;
import static dev.licensegateway.admin.AdminTestData.fullCompany;
import static dev.licensegateway.admin.AdminTestData.importDocument;
import static dev.licensegateway.admin.AdminTestData.rowsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Creating what exists is refused with 409 already_exists, and the whole document writes nothing. */
@QuarkusTest
class ImportConflictTest {

    @Test
    void repeatedImportIsRefusedAndChangesNothing() throws Exception {
        String company = code();
        importDocument(document(fullCompany(company))).statusCode(201);
        long before = rowsOf(company);

        importDocument(document(fullCompany(company))).statusCode(409)
                .body("status", equalTo(409))
                .body("code", equalTo("already_exists"))
                .body("message", startsWith("companies[0].code: "));

        assertThat(rowsOf(company)).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM companies WHERE company_id = ?", company)).isEqualTo(1);
    }

    @Test
    void documentHalfNewHalfExistingWritesNothing() throws Exception {
        String existing = code();
        String fresh = code();
        importDocument(document(fullCompany(existing))).statusCode(201);
        long before = rowsOf(existing);

        importDocument(document(fullCompany(fresh), fullCompany(existing))).statusCode(409)
                .body("code", equalTo("already_exists"))
                .body("message", startsWith("companies[1].code: "));

        assertThat(rowsOf(fresh)).isZero();
        assertThat(rowsOf(existing)).isEqualTo(before);
    }

    @Test
    void apiKeyOfAnotherCompanyIsRefused() throws Exception {
        String first = code();
        String second = code();
        importDocument(document(fullCompany(first))).statusCode(201);
        String reusing = fullCompany(second).replace("\"ak-" + second + "\"", "\"ak-" + first + "\"");

        importDocument(document(reusing)).statusCode(409)
                .body("code", equalTo("already_exists"))
                .body("message", equalTo("companies[0].api_keys[0].key: this API key is already in use; "
                        + "nothing was written"));
        assertThat(rowsOf(second)).isZero();
    }

    @Test
    void clientIdOfAnotherCompanyIsRefused() throws Exception {
        String first = code();
        String second = code();
        importDocument(document(fullCompany(first))).statusCode(201);
        String reusing = fullCompany(second).replace("\"client-" + second + "\"", "\"client-" + first + "\"");

        importDocument(document(reusing)).statusCode(409)
                .body("message", startsWith("companies[0].oauth_clients[0].client_id: "));
        assertThat(rowsOf(second)).isZero();
    }

    @Test
    void duplicatesInsideTheDocumentAreRefusedNamingBothPlaces() throws Exception {
        String a = code();
        String b = code();
        importDocument(document(fullCompany(a), fullCompany(a))).statusCode(409)
                .body("message", equalTo("companies[1].code: duplicate of companies[0].code; nothing was written"));
        String sameKeyTwice = """
                {"code": "%s", "products": [{"code": "p", "licenses": [
                   {"license_key": "K", "type": "perpetual"}, {"license_key": "K", "type": "perpetual"}]}]}
                """.formatted(b);
        importDocument(document(sameKeyTwice)).statusCode(409)
                .body("message", equalTo("companies[0].products[0].licenses[1].license_key: duplicate of "
                        + "companies[0].products[0].licenses[0].license_key; nothing was written"));
        String sameActiveDeviceTwice = """
                {"code": "%s", "products": [{"code": "p", "licenses": [{"license_key": "K", "type": "perpetual",
                   "max_activations": 5, "devices": [{"hardware_id": "h"}, {"hardware_id": "h", "active": false},
                                                     {"hardware_id": "h"}]}]}]}
                """.formatted(b);
        importDocument(document(sameActiveDeviceTwice)).statusCode(409)
                .body("message", startsWith("companies[0].products[0].licenses[0].devices[2].hardware_id: duplicate"));
        assertThat(rowsOf(a)).isZero();
        assertThat(rowsOf(b)).isZero();
    }

    @Test
    void sameHardwareIdMayRepeatInDeviceHistory() {
        String c = code();
        importDocument(document("""
                {"code": "%s", "products": [{"code": "p", "licenses": [{"license_key": "K", "type": "perpetual",
                   "devices": [{"hardware_id": "h", "active": false}, {"hardware_id": "h", "active": false},
                               {"hardware_id": "h"}]}]}]}
                """.formatted(c))).statusCode(201)
                .body("created.devices", equalTo(3))
                .body("created.active_devices", equalTo(1));
    }
}
