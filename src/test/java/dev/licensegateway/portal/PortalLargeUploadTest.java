package dev.licensegateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plant's folder of 5,000 files (-Dportal.upload.files=N for another size) chosen with the folder
 * picker: the page streams them in batches, and an operator types into the filter while results pour in.
 * The time is printed, never asserted; what is asserted is that every file was answered, the database
 * agrees, and the filter typed mid-stream holds for the rows that arrived after it.
 */
@QuarkusTest
class PortalLargeUploadTest {

    static final int FILES = Integer.getInteger("portal.upload.files", 5000);
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
    void aFolderOfThousandsStreamsThroughThePageWhileTheFilterIsTyped(@TempDir Path folderPath) {
        TestCompany company = TestCompany.create(false, FILES);
        FleetFolder folder = FleetFolder.many(folderPath, company, FILES);
        int forged = FILES / 50;
        Portal portal = new Portal(browser.driver, RestAssured.port);
        portal.signIn(TestCompany.ADMIN_TOKEN);

        // The page's main thread as the browser sees it: every task over 50 ms (the input would wait for it).
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("window.longTasks = []; window.uploadStart = performance.now();"
                + "new PerformanceObserver(list => list.getEntries().forEach(e => window.longTasks.push("
                + "[Math.round(e.duration), Math.round(e.startTime - window.uploadStart)])))"
                + ".observe({type: 'longtask'});");
        long start = System.nanoTime();
        portal.chooseFolder(folderPath);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofMinutes(2), Duration.ofMillis(50))
                .until(d -> portal.answered() > 0);
        int answeredBeforeTyping = portal.answered();
        List<Long> keystrokes = new ArrayList<>();
        for (char c : "signature".toCharArray()) {
            long keyStart = System.nanoTime();
            portal.type("filter", String.valueOf(c));
            keystrokes.add((System.nanoTime() - keyStart) / 1_000_000);
        }
        int answeredAfterTyping = portal.answered();
        portal.awaitAnswered(FILES, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        @SuppressWarnings("unchecked")
        List<List<Number>> longTasks = (List<List<Number>>) ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                .executeScript("return window.longTasks;");
        System.out.printf("Portal upload of %d files through the page: %.1f s (%.0f files/s); filter typed while "
                        + "%d..%d of them were answered, keystroke round trips through chromedriver (ms) %s; "
                        + "main-thread tasks over 50 ms: %d, longest [ms, at ms after the folder was chosen] %s%n", FILES, seconds, FILES / seconds,
                answeredBeforeTyping, answeredAfterTyping, keystrokes, longTasks.size(),
                longTasks.stream().sorted(java.util.Comparator.comparingLong((List<Number> t) -> t.get(0).longValue()).reversed())
                        .limit(5).toList());

        assertThat(portal.text("count-total")).isEqualTo(String.valueOf(FILES));
        assertThat(portal.text("count-deactivated")).isEqualTo(String.valueOf(FILES - forged));
        assertThat(portal.text("count-failed")).isEqualTo(String.valueOf(forged));
        assertThat(company.count("deactivation_events")).isEqualTo(FILES - forged);
        assertThat(company.timesActivated("CONS")).isEqualTo(forged);
        // The filter typed mid-stream shows exactly the forged files, whenever their rows arrived.
        assertThat(portal.visibleNames()).hasSize(forged)
                .allSatisfy(name -> assertThat(folder.expected.get(name.substring(name.lastIndexOf('/') + 1)).code())
                        .isEqualTo("signature_mismatch"));
        browser.screenshot("large-upload");
    }
}
