package dev.slipway.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Local mode's console ({@code /console}) in Debian's headless chromium, driven through its
 * chromedriver (both installed by {@code scripts/setup}; nothing is downloaded). Reads what the
 * page shows and saves screenshots as test artifacts.
 */
final class ConsolePage implements AutoCloseable {
  /** Every state node of the drawn graph with its status, read in one go (the page re-renders). */
  private static final String GRAPH_STATUSES =
      "const out = {}; document.querySelectorAll('#graph .node').forEach(n => {"
          + " out[n.dataset.state] = [n.dataset.status, ...[...n.querySelectorAll('.iteration')]"
          + ".map(i => i.dataset.label + ' ' + i.dataset.status)]; }); return out;";

  final ChromeDriver browser;
  private final String console;
  private final Path shots;

  private ConsolePage(ChromeDriver browser, String console, Path shots) {
    this.browser = browser;
    this.console = console;
    this.shots = shots;
  }

  /** Starts chromium on the console at {@code console}; screenshots go to {@code shots}. */
  static ConsolePage open(String console, Path profile, Path shots) throws IOException {
    Files.createDirectories(shots);
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
        "--window-size=1700,2600",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    return new ConsolePage(new ChromeDriver(service, options), console, shots);
  }

  /** The execution view of {@code executionArn}; it refreshes itself while the run goes. */
  void showExecution(String executionArn) {
    browser.get(
        console + "/#/execution/" + URLEncoder.encode(executionArn, StandardCharsets.UTF_8));
  }

  /** The deployments view. */
  void showDeployments() {
    browser.get(console + "/#/deployments");
  }

  /** What the execution view shows right now: the run's status badge and each state's status. */
  Snapshot snapshot() {
    Object statuses = browser.executeScript(GRAPH_STATUSES);
    Map<String, String> states = new LinkedHashMap<>();
    Map<String, List<String>> iterations = new LinkedHashMap<>();
    if (statuses instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            List<String> shown = ((List<?>) v).stream().map(String::valueOf).toList();
            states.put(String.valueOf(k), shown.getFirst());
            iterations.put(String.valueOf(k), shown.subList(1, shown.size()));
          });
    }
    return new Snapshot(
        text(By.id("execution-status")), live(), Map.copyOf(states), Map.copyOf(iterations));
  }

  /** Whether the header's "live" marker shows (the page polls a running execution). */
  boolean live() {
    WebElement live = first(By.id("live"));
    return live != null && live.isDisplayed();
  }

  /** The first element matching {@code by}, or null. */
  WebElement first(By by) {
    List<WebElement> found = browser.findElements(by);
    return found.isEmpty() ? null : found.getFirst();
  }

  /** The text of the first element matching {@code by}, or null. */
  String text(By by) {
    WebElement e = first(by);
    return e == null ? null : e.getText();
  }

  /** Saves what the browser shows as {@code <name>.png}; returns the file. */
  Path shot(String name) throws IOException {
    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    return Files.copy(png, shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    browser.quit();
  }

  /** One reading of the execution view. */
  record Snapshot(
      String executionStatus,
      boolean live,
      Map<String, String> states,
      Map<String, List<String>> iterations) {
    /** The status the graph gives {@code state}; NOT_STARTED until it is entered. */
    String of(String state) {
      return states.getOrDefault(state, "MISSING");
    }

    /** A state's per-iteration chips inside a Map, as "label STATUS" ("5 % SUCCEEDED"). */
    List<String> iterationsOf(String state) {
      return iterations.getOrDefault(state, List.of());
    }

    boolean running() {
      return "RUNNING".equals(executionStatus);
    }

    /** Only the states entered so far, so a failed assertion stays readable. */
    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(executionStatus + (live ? " (live)" : "") + ":");
      states.forEach(
          (state, status) -> {
            if (!status.equals("NOT_STARTED")) {
              out.append(' ').append(state).append('=').append(status).append(iterationsOf(state));
            }
          });
      return out.toString();
    }
  }
}
