package com.microenv.e2e.dashboard;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One headless Chromium (Debian's {@code chromium} through {@code chromedriver}) with a fresh profile. As a JUnit
 * {@link TestWatcher} it saves a screenshot of a failed test under {@code target/screenshots/}.
 */
final class Browser implements TestWatcher, AutoCloseable {

    static final String CHROMIUM = System.getenv().getOrDefault("MICROENV_CHROMIUM_BIN", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("MICROENV_CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
    static final Path FAILURES = Paths.get("target", "screenshots");
    /** Screenshots for docs/dashboard.md (copied there by hand from a green run). */
    static final Path PAGES = Paths.get("target", "dashboard-screenshots");

    private WebDriver driver;
    private Path profile;

    WebDriver driver() {
        if (driver == null) {
            try {
                profile = Files.createTempDirectory("microenv-chromium-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-extensions", "--window-size=1280,1000",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        }
        return driver;
    }

    void open(String url) {
        driver().get(url);
    }

    WebElement find(By by) {
        return new WebDriverWait(driver(), Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    WebElement id(String id) {
        return find(By.id(id));
    }

    void type(String id, String text) {
        WebElement field = id(id);
        field.clear();
        field.sendKeys(text);
    }

    void click(String id) {
        new WebDriverWait(driver(), Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** The element's text; looked up again when a navigation replaced it meanwhile. */
    String text(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return id(id).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                if (attempt == 5) {
                    throw replaced;
                }
            }
        }
    }

    String url() {
        return driver().getCurrentUrl();
    }

    String pageText() {
        for (int attempt = 1; ; attempt++) {
            try {
                return find(By.tagName("body")).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                if (attempt == 5) {
                    throw replaced;
                }
            }
        }
    }

    Set<Cookie> cookies() {
        return driver().manage().getCookies();
    }

    /** Waits until the page's URL starts with {@code prefix}. */
    void awaitUrl(String prefix) {
        new WebDriverWait(driver(), Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(prefix));
    }

    /** Signs in on Keycloak's own login page (the browser must be on it or be sent to it). */
    void keycloakLogin(String username, String password) {
        type("username", username);
        type("password", password);
        click("kc-login");
    }

    void screenshot(Path folder, String name) {
        if (driver == null) {
            return;
        }
        try {
            Files.createDirectories(folder);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not save screenshot " + name + ": " + e);
        }
    }

    /** A page for the documentation. */
    void documentPage(String name) {
        screenshot(PAGES, name);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        screenshot(FAILURES, name);
        if (driver != null) {
            System.err.println("screenshot of the failure: " + FAILURES.resolve(name + ".png").toAbsolutePath()
                    + " (page " + driver.getCurrentUrl() + ")");
        }
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder
            }
        }
    }
}
