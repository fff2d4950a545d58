package dev.licensegateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Offline Portal in a real Chromium: sign in, upload a folder's 200 files (20 of them bad), watch the
 * progress bar reach 100 %, and check every row, the counters, the CSV and a license lookup against the
 * database.
 */
@QuarkusTest
class PortalBrowserTest {

    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @Test
    void twoHundredFilesOfWhichTwentyAreBadLandAsTheDatabaseSays(@TempDir Path folderPath) throws Exception {
        TestCompany company = TestCompany.create(false, 200);
        FleetFolder folder = FleetFolder.twoHundred(folderPath, company);
        Portal portal = new Portal(browser.driver, RestAssured.port);
        portal.signIn(TestCompany.ADMIN_TOKEN);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(TestCompany.ADMIN_TOKEN);

        portal.chooseFiles(folder.paths());
        portal.awaitAnswered(200, Duration.ofMinutes(3));
        assertThat(portal.progressText()).isEqualTo("200 of 200 files answered (100 %)");
        assertThat(portal.progressValue()).isEqualTo(100);
        Path screenshot = browser.screenshot("results");
        System.out.println("Portal screenshot of the finished results: " + screenshot);

        List<List<String>> rows = portal.rows();
        assertThat(rows).hasSize(200);
        Map<String, List<String>> byName = new HashMap<>();
        rows.forEach(row -> byName.put(row.get(0), row));
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(folder.expected.keySet());
        int deactivated = 0;
        int already = 0;
        for (Map.Entry<String, FleetFolder.Expected> entry : folder.expected.entrySet()) {
            String name = entry.getKey();
            FleetFolder.Expected expected = entry.getValue();
            List<String> row = byName.get(name);
            String requestId = folder.requestIds.get(name);
            assertThat(row.get(3)).as(name).isEqualTo(expected.license() == null ? "" : expected.license());
            assertThat(row.get(4)).as(name).isEqualTo(expected.hardwareId() == null ? "" : expected.hardwareId());
            assertThat(row.get(5)).as(name).isEqualTo(requestId == null ? "" : requestId);
            long claims = requestId == null ? 0 : Long.parseLong(company.one(
                    "SELECT count(*) FROM deactivation_requests WHERE company_id = ? AND request_id = ?", requestId));
            if (expected.code() == null) {
                assertThat(row.get(1)).as(name).isEqualTo(company.code);
                assertThat(row.get(6)).as(name).isIn("deactivated", "already applied");
                assertThat(claims).as(name).isEqualTo(1);
                if (!expected.license().contains("@")) {
                    assertThat(company.deviceActive(expected.license(), expected.hardwareId())).as(name).isFalse();
                }
                if (row.get(6).equals("deactivated")) {
                    deactivated++;
                } else {
                    already++;
                }
            } else {
                assertThat(row.get(6)).as(name).startsWith(expected.code() + ": ");
                assertThat(claims).as(name).isZero();
                // Only a proven file is shown as its company's (an unknown license is refused after the proof).
                boolean proven = expected.code().equals("license_not_found");
                assertThat(row.get(1)).as(name).isEqualTo(proven ? company.code : "");
            }
        }
        folder.duplicates.forEach((copy, original) -> assertThat(List.of(byName.get(copy).get(6),
                byName.get(original).get(6))).containsExactlyInAnyOrder("deactivated", "already applied"));
        assertThat(deactivated).isEqualTo(175);
        assertThat(already).isEqualTo(5);

        // Counters, against the rows the uploads left behind.
        assertThat(portal.text("count-total")).isEqualTo("200");
        assertThat(portal.text("count-deactivated")).isEqualTo(String.valueOf(company.count("deactivation_events")))
                .isEqualTo("175");
        assertThat(portal.text("count-already")).isEqualTo("5");
        assertThat(portal.text("count-failed")).isEqualTo("20");
        assertThat(company.count("deactivation_requests")).isEqualTo(175);
        assertThat(company.timesActivated("CONS")).isEqualTo(30);
        assertThat(company.totalConsumptions("CONS")).isEqualTo(50);
        assertThat(portal.errorCounts()).containsExactlyInAnyOrder("signature_mismatch: 8", "license_not_found: 4",
                "validation_error: 4", "invalid_json: 2", "authorization_missing_params: 1", "missing_parameters: 1");

        // File content is text, never markup: no element was made of it, no handler ran.
        assertThat(portal.count("#results img, #results script")).isZero();
        assertThat(browser.driver.getTitle()).isNotEqualTo("pwned");
        assertThat(byName.get("injection-1.req").get(3)).isEqualTo(FleetFolder.INJECTION);

        // The failure filter, then a text filter on top of it.
        portal.click("only-failures");
        assertThat(portal.visibleNames()).hasSize(20).allSatisfy(n -> assertThat(folder.expected.get(n).code()).isNotNull());
        System.out.println("Portal screenshot of the failures: " + browser.screenshot("results-failures"));
        portal.type("filter", "signature");
        assertThat(portal.visibleNames()).hasSize(8);
        portal.click("only-failures");
        portal.clear("filter");
        assertThat(portal.visibleNames()).hasSize(200);

        checkCsv(portal, rows);
        checkLookup(portal, company);

        portal.signOut();
        assertThat(portal.sessionStorageKeys()).isZero();
        assertThat(portal.count("#results tbody tr")).isZero();
        assertThat(browser.driver.findElement(By.id("sign-in-panel")).isDisplayed()).isTrue();
    }

    @Test
    void aFolderWithSubfoldersAndAPastedFileUploadToo(@TempDir Path folderPath) throws Exception {
        TestCompany company = TestCompany.create(false, 5);
        Path plant = Files.createDirectories(folderPath.resolve("plant-7").resolve("hall-b"));
        Files.writeString(folderPath.resolve("plant-7").resolve("a.req"), company.file("PERP", "hw-1").file());
        Files.writeString(plant.resolve("b.req"), company.file("PERP", "hw-2").file());
        Files.writeString(plant.resolve("notes.txt"), "not a request file: the folder upload leaves it out");
        Portal portal = new Portal(browser.driver, RestAssured.port);
        portal.signInRefused("not-the-token");
        assertThat(portal.text("sign-in-error")).isEqualTo("The gateway did not accept this token.");
        assertThat(portal.sessionStorageKeys()).isZero();
        portal.signIn(TestCompany.ADMIN_TOKEN);

        portal.chooseFolder(folderPath.resolve("plant-7"));
        portal.awaitAnswered(2, Duration.ofMinutes(1));
        portal.paste(company.file("CONS", "hw-3").consumptions(4).v2().file());
        portal.awaitAnswered(3, Duration.ofMinutes(1));
        Path dropped = Files.writeString(folderPath.resolve("dropped.req"), company.file("PERP", "hw-3").file());
        portal.drop(List.of(dropped));
        portal.awaitAnswered(4, Duration.ofMinutes(1));

        List<List<String>> rows = portal.rows();
        assertThat(rows).extracting(r -> r.get(0)).containsExactlyInAnyOrder(
                "plant-7/a.req", "plant-7/hall-b/b.req", "pasted text", "dropped.req");
        assertThat(rows).extracting(r -> r.get(6)).containsOnly("deactivated");
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
        assertThat(company.deviceActive("PERP", "hw-2")).isFalse();
        assertThat(company.deviceActive("PERP", "hw-3")).isFalse();
        assertThat(company.totalConsumptions("CONS")).isEqualTo(4);
        portal.signOut();
    }

    private void checkCsv(Portal portal, List<List<String>> rows) throws Exception {
        portal.click("download-csv");
        Path csv = browser.downloads.resolve("offline-portal-results.csv");
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> Files.exists(csv) && size(csv) > 0);
        List<List<String>> records = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
        assertThat(records.get(0)).containsExactly("file", "company", "product", "license", "hardware_id", "request_id",
                "outcome", "code", "message");
        assertThat(records).hasSize(201);
        Map<String, List<String>> byName = new HashMap<>();
        records.subList(1, records.size()).forEach(r -> byName.put(r.get(0), r));
        for (List<String> row : rows) {
            String name = row.get(0).startsWith("=") ? "'" + row.get(0) : row.get(0);
            List<String> record = byName.get(name);
            assertThat(record).as(name).isNotNull();
            assertThat(record.subList(1, 6)).as(name).isEqualTo(defused(row.subList(1, 6)));
            String outcome = row.get(6);
            if (outcome.equals("deactivated") || outcome.equals("already applied")) {
                assertThat(record.get(6)).isEqualTo(outcome.replace(' ', '_'));
                assertThat(record.get(7)).isEmpty();
            } else {
                assertThat(record.get(6)).isEqualTo("error");
                assertThat(outcome).isEqualTo(record.get(7) + ": " + record.get(8));
            }
        }
        assertThat(byName).containsKey("'=1+2 garbage-1.req");
    }

    private static List<String> defused(List<String> cells) {
        return cells.stream().map(c -> c.matches("^[=+\\-@\t\r].*") ? "'" + c : c).toList();
    }

    private void checkLookup(Portal portal, TestCompany company) {
        portal.lookUpFromRow("device-007.req");
        Map<String, String> summary = portal.summary();
        assertThat(summary.get("License")).isEqualTo("CONS");
        assertThat(summary.get("Activations")).isEqualTo(company.timesActivated("CONS") + " of 200");
        assertThat(summary.get("Consumptions")).startsWith(company.totalConsumptions("CONS") + " of 100");
        assertThat(summary.get("Feature render-minutes")).isEqualTo("0 of 50");
        List<List<String>> devices = portal.table("devices");
        assertThat(devices).hasSize(200);
        assertThat(devices.stream().filter(d -> d.get(1).equals("released")).count()).isEqualTo(170);
        assertThat(devices.stream().filter(d -> d.get(1).equals("released")))
                .allSatisfy(d -> assertThat(d.get(3)).isNotEmpty());
        assertThat(devices.stream().filter(d -> d.get(1).equals("active")))
                .allSatisfy(d -> assertThat(d.get(3)).isEmpty());
        List<List<String>> history = portal.table("history");
        assertThat((long) history.size()).isEqualTo(Long.parseLong(company.one("""
                SELECT count(*) FROM deactivation_events e JOIN licenses l USING (company_id, license_id)
                WHERE e.company_id = ? AND l.license_key = 'CONS'""")));
        assertThat(history).anySatisfy(event -> {
            assertThat(event.get(2)).isEqualTo("hw-7");
            assertThat(event.get(6)).isEqualTo(FleetFolder.INJECTION);
        });
        assertThat(portal.count("#history img, #history script, #license-summary img")).isZero();
        assertThat(browser.driver.getTitle()).isNotEqualTo("pwned");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Just enough RFC 4180 to read the portal's own CSV back: quoted cells, doubled quotes, CRLF. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    record.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n') {
                    record.add(cell.toString());
                    cell.setLength(0);
                    records.add(record);
                    record = new ArrayList<>();
                } else if (c != '\r') {
                    cell.append(c);
                }
            }
            return records;
        }
    }
}
