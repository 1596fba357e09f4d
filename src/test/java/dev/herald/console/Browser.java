package dev.herald.console;

import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian chromium driven through {@code /usr/bin/chromedriver}, for a whole test class: both paths
 * are given, so Selenium Manager never looks anything up. {@link #assumeInstalled} skips the tests when either is
 * missing. Controls are found by their visible label, as a person finds them; every wait is bounded.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);
    /** Where {@link #screenshot} writes, when the system property {@code console.screenshots} names a directory. */
    private static final String SCREENSHOTS = System.getProperty("console.screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling tests, with the reason, unless Debian's chromium and chromedriver are installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "The console's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver); skipped.");
    }

    static Browser start() {
        System.setProperty("SE_OFFLINE", "true");
        try {
            Path profile = Files.createTempDirectory("herald-chromium");
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless",
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--window-size=1280,900");
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().withSilent(true).build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * Opens {@code url} (a console page) in a fresh state: nothing in sessionStorage, so signed out. The storage is
     * cleared from the console's style sheet, a page of the same origin that runs no script of its own.
     */
    void openFresh(String url) {
        driver.get(url.replaceFirst("/console/.*", "/console/console.css"));
        driver.executeScript("sessionStorage.clear()");
        driver.get(url);
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(condition); // pages re-render (live progress): an element found may be replaced at once
    }

    /** The control labelled {@code label} (a {@code <label for>} with that text), once it is shown. */
    WebElement control(String label) {
        return await("a control labelled " + label, d -> {
            List<WebElement> labels = d.findElements(By.xpath("//label[normalize-space()=" + literal(label) + "]"));
            if (labels.isEmpty() || !labels.get(0).isDisplayed()) {
                return null;
            }
            return d.findElement(By.id(labels.get(0).getAttribute("for")));
        });
    }

    void fill(String label, String text) {
        WebElement control = control(label);
        control.clear();
        control.sendKeys(text);
    }

    void choose(String label, String option) {
        new Select(control(label)).selectByVisibleText(option);
    }

    /** Clicks the button (or link) showing exactly {@code text}, once it is shown and enabled. */
    void click(String text) {
        await("a button or link " + text, d -> d.findElements(By.xpath("//button[normalize-space()=" + literal(text)
                + "] | //a[normalize-space()=" + literal(text) + "] | //summary[normalize-space()=" + literal(text)
                + "]")).stream().filter(e -> e.isDisplayed() && e.isEnabled()).findFirst().orElse(null)).click();
    }

    /** Waits until the page's heading is {@code text}. */
    void awaitHeading(String text) {
        await("the heading " + text, d -> d.findElements(By.tagName("h1")).stream()
                .anyMatch(h -> h.getText().equals(text)));
    }

    /** Waits until the page shows {@code text} somewhere, and returns the element whose own text it is. */
    WebElement awaitText(String text) {
        return await("the text " + text, d -> d.findElements(By.xpath("//main//*[contains(text(), " + literal(text)
                + ")]")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** The rows of the table with this caption (each a list of cell texts), without the full-width rows under them. */
    List<List<String>> rows(String caption) {
        WebElement table = await("a table " + caption, d -> d.findElements(By.xpath("//table[caption[starts-with("
                + "normalize-space(), " + literal(caption) + ")]]")).stream().findFirst().orElse(null));
        return table.findElements(By.cssSelector("tbody tr:not(.more)")).stream()
                .map(r -> r.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    /**
     * The page's errors since the last call (script errors, Content-Security-Policy refusals), without the browser's
     * own lines about answers with an error status, which the console handles (a wrong token's 401).
     */
    List<String> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .filter(m -> !m.contains("the server responded with a status of")).toList();
    }

    /** Saves the window as {@code name}.png when screenshots are asked for ({@code -Dconsole.screenshots=DIR}). */
    void screenshot(String name, int width, int height) {
        if (SCREENSHOTS == null) {
            return;
        }
        Dimension before = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(width, height));
            Path file = Path.of(SCREENSHOTS).resolve(name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** {@code text} as an XPath string literal. */
    static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            TestHerald.deleteTree(profile);
        }
    }
}
