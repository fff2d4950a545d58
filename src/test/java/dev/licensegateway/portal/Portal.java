package dev.licensegateway.portal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The portal page as a test drives it: by the element ids an operator's eye would follow. */
final class Portal {

    private final WebDriver driver;
    private final JavascriptExecutor js;

    Portal(WebDriver driver, int port) {
        this.driver = driver;
        this.js = (JavascriptExecutor) driver;
        // A fresh page with no session: a test that failed signed in must not leave the next one signed in.
        driver.get("http://localhost:" + port + "/portal");
        js.executeScript("sessionStorage.clear();");
        driver.get("http://localhost:" + port + "/portal");
    }

    void signIn(String token) {
        WebElement field = driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("workspace")).isDisplayed());
    }

    void signInRefused(String token) {
        WebElement field = driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !text("sign-in-error").isEmpty());
    }

    void signOut() {
        driver.findElement(By.id("sign-out")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("sign-in-panel")).isDisplayed());
    }

    /** Hands the files to the page's file picker, as choosing them in the dialog would. */
    void chooseFiles(List<Path> files) {
        driver.findElement(By.id("files")).sendKeys(files.stream().map(Path::toString).collect(Collectors.joining("\n")));
    }

    void chooseFolder(Path folder) {
        driver.findElement(By.id("folder")).sendKeys(folder.toString());
    }

    void paste(String text) {
        js.executeScript("document.getElementById('paste-panel').open = true;");
        driver.findElement(By.id("paste")).sendKeys(text);
        click("upload-paste");
    }

    /**
     * Drops files on the drop zone. Selenium cannot drag from the desktop, so the files are picked into a
     * scratch input and dropped as a DataTransfer of them, the event the browser fires for a real drop.
     */
    void drop(List<Path> files) {
        js.executeScript("const input = document.createElement('input'); input.type = 'file'; input.multiple = true;"
                + "input.id = 'drop-source'; document.body.appendChild(input);");
        driver.findElement(By.id("drop-source")).sendKeys(files.stream().map(Path::toString).collect(Collectors.joining("\n")));
        js.executeScript("const input = document.getElementById('drop-source'); const data = new DataTransfer();"
                + "for (const file of input.files) { data.items.add(file); } input.remove();"
                + "const zone = document.getElementById('drop-zone');"
                + "zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));"
                + "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));");
    }

    /** Waits until the progress bar says every one of {@code files} files is answered and all rows are shown. */
    void awaitAnswered(int files, Duration timeout) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(250)).until(d -> {
            Object answered = js.executeScript("const p = document.getElementById('progress');"
                    + "return p.dataset.sent === p.dataset.answered && p.value === 100 ? Number(p.dataset.answered) : -1;");
            return ((Number) answered).intValue() >= files
                    && count("#results tbody tr") >= files;
        });
    }

    int answered() {
        return ((Number) js.executeScript(
                "return Number(document.getElementById('progress').dataset.answered || 0);")).intValue();
    }

    String progressText() {
        return text("progress-text");
    }

    int progressValue() {
        return ((Number) js.executeScript("return document.getElementById('progress').value;")).intValue();
    }

    String text(String id) {
        return (String) js.executeScript("return document.getElementById(arguments[0]).textContent;", id);
    }

    long count(String selector) {
        return ((Number) js.executeScript("return document.querySelectorAll(arguments[0]).length;", selector)).longValue();
    }

    /** Every row of the results table, each cell's text (in one round trip: thousands of rows). */
    @SuppressWarnings("unchecked")
    List<List<String>> rows() {
        return table("results");
    }

    @SuppressWarnings("unchecked")
    List<List<String>> table(String id) {
        return (List<List<String>>) js.executeScript("return [...document.querySelectorAll('#' + arguments[0] + ' tbody tr')]"
                + ".map(tr => [...tr.cells].map(td => td.textContent));", id);
    }

    /**
     * The names of the rows the filters leave shown. The page applies a filter at its next animation frame, so
     * this reads them one frame after that: a frame callback registered now runs after the filter's.
     */
    @SuppressWarnings("unchecked")
    List<String> visibleNames() {
        return (List<String>) js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(() => done([...document.querySelectorAll('#results tbody tr')]"
                + ".filter(tr => !tr.hidden).map(tr => tr.cells[0].textContent))));");
    }

    @SuppressWarnings("unchecked")
    List<String> errorCounts() {
        return (List<String>) js.executeScript(
                "return [...document.querySelectorAll('#error-counts li')].map(li => li.textContent);");
    }

    void click(String id) {
        driver.findElement(By.id(id)).click();
    }

    void type(String id, String text) {
        driver.findElement(By.id(id)).sendKeys(text);
    }

    void clear(String id) {
        driver.findElement(By.id(id)).clear();
        js.executeScript("document.getElementById(arguments[0]).dispatchEvent(new Event('input'));", id);
    }

    /** Clicks the license link in the row of the named file and waits for the lookup to show. */
    void lookUpFromRow(String fileName) {
        WebElement row = driver.findElements(By.cssSelector("#results tbody tr")).stream()
                .filter(tr -> tr.findElement(By.cssSelector("td")).getText().equals(fileName))
                .findFirst().orElseThrow();
        row.findElement(By.cssSelector("button.link")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("lookup-result")).isDisplayed());
    }

    @SuppressWarnings("unchecked")
    Map<String, String> summary() {
        Map<String, String> summary = new LinkedHashMap<>();
        List<List<String>> pairs = (List<List<String>>) js.executeScript("return [...document.querySelectorAll("
                + "'#license-summary dd')].map(dd => [dd.dataset.term, dd.textContent]);");
        pairs.forEach(p -> summary.put(p.get(0), p.get(1)));
        return summary;
    }

    long sessionStorageKeys() {
        return ((Number) js.executeScript("return sessionStorage.length;")).longValue();
    }
}
