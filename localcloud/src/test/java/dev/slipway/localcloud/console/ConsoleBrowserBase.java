package dev.slipway.localcloud.console;

import static dev.slipway.localcloud.console.ConsoleFixture.record;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A browser test's world: the real local endpoint with the real Step Functions engine and DynamoDB
 * ({@link ConsoleFixture}), the console wired as {@code slipway up} wires it, a deployment history,
 * and Debian's headless chromium. Screenshots go to {@code target/console-screenshots/}.
 */
abstract class ConsoleBrowserBase {
  static final Path SHOTS = Path.of("target/console-screenshots");
  static final String SHA_GOOD = "1f0c2a9d5be6c8e4a7b3d2c1f0e9d8c7b6a59483";
  static final String SHA_BROKEN = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807";

  @TempDir Path dir;
  LocalCloudServer server;
  ConsoleFixture fixture;
  ChromeDriver browser;
  dev.slipway.localcloud.elbv2.Elbv2Service elb;

  @BeforeEach
  void start() throws Exception {
    server = LocalCloudServer.start(0);
    fixture = new ConsoleFixture(dir, 2, server.registry());
    // as `slipway up` does: the console is found through the LocalModeExtension service file
    var console =
        java.util.ServiceLoader.load(dev.slipway.localcloud.cli.LocalModeExtension.class).stream()
            .map(java.util.ServiceLoader.Provider::get)
            .filter(e -> e instanceof ConsoleExtension)
            .findFirst()
            .orElseThrow();
    console.start(
        new dev.slipway.localcloud.cli.LocalModeExtension.Context(
            server, null, null, null, dir, dir, dev.slipway.localcloud.logs.LogSink.NONE));
    Instant t = Instant.now().minus(Duration.ofDays(2));
    List<DeploymentRecord> history =
        List.of(
            record(
                SHA_GOOD,
                DeploymentKind.DEPLOY,
                DeploymentOutcome.SUCCEEDED,
                t,
                t.plusSeconds(120),
                t.plusSeconds(420),
                "push-1"),
            record(
                SHA_BROKEN,
                DeploymentKind.DEPLOY,
                DeploymentOutcome.ROLLED_BACK,
                t.plusSeconds(86_400),
                t.plusSeconds(86_500),
                t.plusSeconds(86_800),
                "push-2"));
    fixture.writeHistory(history, history.getFirst());
    Files.createDirectories(SHOTS);
    browser = chromium(dir.resolve("chromium-profile"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (elb != null) {
      elb.close();
    }
    fixture.close();
    server.close();
  }

  void awaitNode(String state, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> node(state).getDomAttribute("data-status"), status::equals);
  }

  WebElement node(String state) {
    return browser.findElement(By.cssSelector("#graph .node[data-state='" + state + "']"));
  }

  WebElement first(By by) {
    List<WebElement> found = browser.findElements(by);
    return found.isEmpty() ? null : found.getFirst();
  }

  String text(By by) {
    WebElement e = first(by);
    return e == null ? null : e.getText();
  }

  void shot(String name) throws Exception {
    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Debian's chromium and chromedriver (scripts/setup installs both); nothing is downloaded. */
  static ChromeDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1500,1100",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }
}
