package dev.conveyor.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The web console in a real browser (Debian's headless Chromium, driven through the system
 * chromedriver; nothing is downloaded) against the whole system: a tenant signs in, submits a
 * batch and watches it complete, opens the charts, the budget and statement, the models; an
 * operator sees providers, circuits, a health check and tenants' spend. Any error in the browser's
 * console fails the test. Screenshots go to {@code target/console-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static ChromeDriver browser;
    private static ConveyorStack stack;
    private static String tenant;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(Path.of(CHROMEDRIVER))) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMEDRIVER + " is missing: install Debian's chromium and chromium-driver (.ci/run does)");
            }
            Assumptions.abort(
                    CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver); skipped outside CI");
        }
        stack = ObservedStack.get();
        tenant = "console-" + UUID.randomUUID().toString().substring(0, 8);
        key = ObservedStack.newTenantKey(tenant);
        browser = chromium();
        Files.createDirectories(SCREENSHOTS);
    }

    private static ChromeDriver chromium() throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1360,1000",
                "--user-data-dir=" + Files.createTempDirectory("conveyor-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Whatever the page did, nothing may have reached the browser's console as an error. */
    @AfterEach
    void noBrowserConsoleErrors() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }

    @Test
    @Order(1)
    void aTenantSignsInSubmitsABatchAndWatchesItsProgressReachCompletion() throws Exception {
        browser.get(stack.consoleUrl());
        signIn(key);
        await().atMost(PATIENCE)
                .until(() -> browser.findElement(By.id("view-jobs")).isDisplayed());
        browser.findElement(By.cssSelector("#new-batch summary")).click();
        browser.findElement(By.id("submit-batch")).click();

        String batch = await().atMost(PATIENCE)
                .until(() -> attribute("#batches tr[data-batch]", "data-batch"), b -> b != null);
        assertThat(browser.findElement(By.id("batch-message")).getText()).contains(batch);
        await().atMost(PATIENCE)
                .until(() -> text("#batches tr[data-batch='" + batch + "'] .badge"), "completed"::equals);

        String bar = "#batches tr[data-batch='" + batch + "'] .progress";
        assertThat(attribute(bar, "aria-valuenow"))
                .isEqualTo(attribute(bar, "aria-valuemax"))
                .isEqualTo("6");
        assertThat(text("#batches tr[data-batch='" + batch + "'] .cost"))
                .startsWith("$")
                .isNotEqualTo("$0");
        await().atMost(PATIENCE)
                .until(() -> browser.findElements(By.cssSelector("#jobs .badge.succeeded"))
                                .size()
                        >= 6);
        screenshot("jobs");
    }

    @Test
    @Order(2)
    void theChartsShowTheTenantsCostByDayModelProviderAndTaskType() throws Exception {
        browser.findElement(By.id("tab-usage")).click();
        await().atMost(PATIENCE)
                .until(() -> browser.findElements(By.cssSelector("#chart-task_type rect.bar"))
                                .size()
                        == 4);
        assertThat(browser.findElements(By.cssSelector("#chart-day rect.bar"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#chart-model rect.bar")))
                .isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#chart-provider rect.bar")))
                .as("one task type's primary per provider (SimulatedRoutes)")
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(text("#usage-total")).contains("$");
        screenshot("usage");
    }

    @Test
    @Order(3)
    void theBudgetShowsItsUseAndTheMonthlyStatementDownloads() throws Exception {
        assertThat(ObservedStack.put(
                                stack.apiUrl() + "/v1/admin/tenants/" + tenant + "/budget",
                                stack.adminKey(),
                                "{\"monthly_budget_usd\": 0.05}")
                        .statusCode())
                .isEqualTo(200);
        browser.findElement(By.id("tab-budget")).click();
        await().atMost(PATIENCE)
                .until(() -> browser.findElements(By.cssSelector("#budget .progress"))
                                .size()
                        == 1);
        assertThat(text("#budget")).contains("Budget: $").contains("of $0.0500");

        browser.findElement(By.id("statement-csv")).click();
        await().atMost(PATIENCE).until(() -> text("#statement-message"), m -> m.startsWith("Downloaded"));
        screenshot("budget");
    }

    @Test
    @Order(4)
    void theModelsShowPricesAndContextWindows() throws Exception {
        browser.findElement(By.id("tab-models")).click();
        await().atMost(PATIENCE)
                .until(() ->
                        browser.findElements(By.cssSelector("#models tbody tr")).size() > 1);
        assertThat(text("#models")).contains("gpt-4.1-mini").contains("$0.400");
        screenshot("models");
    }

    @Test
    @Order(5)
    void anOperatorSeesProvidersCircuitsAHealthCheckAndTenantsSpend() throws Exception {
        browser.findElement(By.id("sign-out")).click();
        await().atMost(PATIENCE)
                .until(() -> browser.findElement(By.id("sign-in")).isDisplayed());
        signIn(stack.adminKey());
        // refactoring's first model is OpenAI's (SimulatedRoutes): it has been called
        String called = "#providers [data-provider='openai'] tr[data-model='"
                + SimulatedRoutes.primary("refactoring").split("/")[1] + "']";
        await().atMost(PATIENCE).until(() -> first(called) != null);
        await().atMost(PATIENCE).until(() -> text(called), t -> t.contains("CLOSED") && t.contains(" ms"));
        await().atMost(PATIENCE).until(() -> text("#rate-limits"), t -> t.contains("openai") && t.contains("6,000"));
        // the view is drawn again every 2 s: click the button of the drawing that is there
        await().atMost(PATIENCE)
                .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .until(() -> {
                    browser.findElement(By.cssSelector("#providers [data-provider='openai'] button"))
                            .click();
                    return true;
                });
        await().atMost(PATIENCE)
                .until(
                        () -> text("#providers [data-provider='openai'] .check-result"),
                        t -> t.contains("gpt-6-sol: ok"));
        screenshot("providers");

        browser.findElement(By.id("tab-tenants")).click();
        await().atMost(PATIENCE).until(() -> first("#tenants tr[data-tenant='" + tenant + "']") != null);
        assertThat(text("#tenants tr[data-tenant='" + tenant + "']")).contains("$0.0500");
        assertThat(browser.findElements(By.cssSelector("#chart-spend rect.bar")))
                .isNotEmpty();
        screenshot("tenants");

        // a job for a tenant nobody registered: the router fails it without a call and dead-letters it
        String stray = "stray-" + UUID.randomUUID();
        produceStraightToKafka(stray, "tenant-nobody-registered");
        browser.findElement(By.id("tab-dlt")).click();
        await().atMost(PATIENCE).until(() -> text("#dlt"), t -> t.contains(stray));
        assertThat(text("#dlt")).contains("INVALID_REQUEST").contains("tenant-nobody-registered");
        screenshot("dlt");
        await().atMost(PATIENCE)
                .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .until(() -> {
                    for (WebElement tr : browser.findElements(By.cssSelector("#dlt tbody tr"))) {
                        if (tr.getText().contains(stray)) {
                            tr.findElement(By.cssSelector("button")).click();
                            return true;
                        }
                    }
                    return false;
                });
        await().atMost(PATIENCE).until(() -> text("#dlt"), t -> t.contains("Re-driven") || t.contains("re-driven"));
    }

    private static void produceStraightToKafka(String jobId, String tenantId) {
        java.util.Map<String, Object> config = new java.util.HashMap<>(dev.conveyor.schemas.AvroSerdes.producerConfig(
                dev.conveyor.embedded.Infrastructure.shared().registry().apiUrl()));
        config.put(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                dev.conveyor.embedded.Infrastructure.shared().bootstrapServers());
        dev.conveyor.schemas.CompletionRequest job = dev.conveyor.schemas.CompletionRequest.newBuilder()
                .setJobId(jobId)
                .setTenantId(tenantId)
                .setTaskType("code_analysis")
                .setMessages(List.of(new dev.conveyor.schemas.ChatMessage("user", "Review class Cart")))
                .setMaxTokens(100)
                .setSubmittedAt(java.time.Instant.now())
                .build();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, Object>(config)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            dev.conveyor.schemas.Topics.REQUESTS, jobId, job))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void signIn(String apiKey) {
        WebElement field = browser.findElement(By.id("api-key"));
        field.clear();
        field.sendKeys(apiKey);
        browser.findElement(By.id("sign-in-button")).click();
    }

    private static WebElement first(String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.getFirst();
    }

    /** Read in one script, so a table redrawn by the page's polling is never half-seen. */
    private static String text(String css) {
        return (String) browser.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
    }

    private static String attribute(String css, String name) {
        return (String) browser.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css,
                name);
    }

    private static void screenshot(String view) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(view + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
