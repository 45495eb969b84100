package dev.slipway.localcloud.console;

import static dev.slipway.localcloud.console.ConsoleFixture.record;
import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The console in Debian's headless chromium while an execution runs on the real engine behind the
 * real local endpoint: the graph turns green as states finish, the approval button decides the
 * waiting callback task, the failed canary and the rollback path show, and the deployments view
 * shows what serves with DORA figures. Screenshots go to {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT {
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
            server, null, null, null, dir, dir));
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

  @Test
  void aRunTurnsGreenWaitsForApprovalAndShowsTheRollback() throws Exception {
    String arn = fixture.start("push-3-broken-canary", SHA_BROKEN, "Fail one in five API calls");
    String base = server.endpoint() + "/console";
    browser.get(base + "/");
    WebElement row =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> first(By.cssSelector("#executions tr[data-arn]")), r -> r != null);
    assertThat(row.getText()).contains("push-3-broken-canary", "9e8d7c6b", "Fail one in five");
    assertThat(row.getDomAttribute("data-status")).isEqualTo("RUNNING");
    shot("1-executions");

    row.click();
    awaitNode("Build image", "SUCCEEDED");
    // the Parallel's branches are drawn inside it and finish green, live
    awaitNode("Deploy staging", "SUCCEEDED");
    awaitNode("Smoke test", "SUCCEEDED");
    awaitNode("Wait for approval", "RUNNING");
    assertThat(browser.findElement(By.id("live")).isDisplayed()).isTrue();
    assertThat(node("Analyze canary").getDomAttribute("data-status")).isEqualTo("NOT_STARTED");
    shot("2-waiting-for-approval");

    browser.findElement(By.id("approve")).click();
    browser.switchTo().alert().accept();
    awaitNode("Roll back production", "SUCCEEDED");
    awaitNode("Rolled back", "SUCCEEDED");
    assertThat(node("Analyze canary").getDomAttribute("data-status")).isIn("FAILED", "CAUGHT");
    assertThat(node("Deployed").getDomAttribute("data-status")).isEqualTo("NOT_STARTED");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> text(By.id("execution-status")), "SUCCEEDED"::equals);

    node("Analyze canary").click();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> text(By.id("state-error")), t -> t != null && t.contains("Slipway.CanaryFailed"));
    assertThat(text(By.id("state-details"))).contains("canary error rate 20%", "TaskFailed");
    List<WebElement> events = browser.findElements(By.cssSelector("#events tbody tr"));
    assertThat(events.size()).isGreaterThan(20);
    assertThat(browser.findElements(By.cssSelector("#events tr[data-type='TaskFailed']")))
        .hasSize(1);
    shot("3-rolled-back");

    // no task token and no secret reaches the page
    String token =
        fixture.calls.stream()
            .filter(c -> c.taskToken() != null)
            .findFirst()
            .orElseThrow()
            .taskToken();
    assertThat(browser.getPageSource()).doesNotContain(token).doesNotContain("do-not-show");

    canaryAt25Percent();
    browser.get(base + "/#/deployments");
    WebElement env =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> first(By.cssSelector(".env[data-env='hello/production']")), e -> e != null);
    assertThat(text(By.cssSelector(".serving-sha"))).isEqualTo(SHA_GOOD);
    assertThat(env.findElements(By.cssSelector("tr[data-result='ROLLED_BACK']"))).hasSize(1);
    assertThat(env.getText())
        .contains(
            "Change failure rate", "50%", "Lead time", "7 min 0 s", "Time to restore", "5 min 0 s");
    assertThat(env.findElements(By.cssSelector(".tile svg"))).hasSize(4);
    assertThat(text(By.id("traffic"))).contains("hello-baseline 75%", "hello-canary 25%");
    shot("4-deployments");
    assertThat(fixture.engine.execution(arn).orElseThrow().status()).isEqualTo("SUCCEEDED");
  }

  @Test
  void thePipelineDefinitionIsDrawnWithItsCanaryMapNested() throws Exception {
    String definition = pipelineDefinition();
    String machine =
        fixture
            .registry
            .<software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse>call(
                software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest.builder()
                    .name("Slipway-pipeline")
                    .definition(definition)
                    .roleArn("arn:aws:iam::000000000000:role/sfn")
                    .build())
            .stateMachineArn();
    // Prepare proceeds; the build then fails, so the run takes the pipeline's failure path
    String arn =
        fixture
            .registry
            .<software.amazon.awssdk.services.sfn.model.StartExecutionResponse>call(
                software.amazon.awssdk.services.sfn.model.StartExecutionRequest.builder()
                    .stateMachineArn(machine)
                    .name("pipeline-build-fails")
                    .input(
                        "{\"source\":\"slipway.github\",\"detail\":{\"service\":\"hello\",\"sha\":\""
                            + SHA_GOOD
                            + "\",\"commitMessage\":\"Break a unit test\"}}")
                    .build())
            .executionArn();
    String buildToken =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    fixture.calls.stream()
                        .filter(c -> c.executionArn().equals(arn) && c.taskToken() != null)
                        .map(c -> c.taskToken())
                        .findFirst()
                        .orElse(null),
                t -> t != null);
    fixture.registry.call(
        software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest.builder()
            .taskToken(buildToken)
            .error("Slipway.BuildFailed")
            .cause("phase BUILD failed: 1 unit test failed")
            .build());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> fixture.engine.execution(arn).orElseThrow().status(), s -> !s.equals("RUNNING"));
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1900, 2400));
    browser.get(
        server.endpoint()
            + "/console/#/execution/"
            + java.net.URLEncoder.encode(arn, java.nio.charset.StandardCharsets.UTF_8));
    awaitNode("Prepare", "SUCCEEDED");
    awaitNode("Build image", "CAUGHT");
    awaitNode("Record failure", "SUCCEEDED");
    assertThat(text(By.id("execution-status"))).isEqualTo("FAILED");
    int states = countStates(dev.slipway.localcloud.protocol.Json.MAPPER.readTree(definition));
    assertThat(browser.findElements(By.cssSelector("#graph .node"))).hasSize(states);
    assertThat(node("Canary steps").getDomAttribute("class")).contains("container");
    assertThat(node("Deploy to staging").getDomAttribute("data-status")).isEqualTo("NOT_STARTED");
    assertThat(browser.findElements(By.cssSelector("#graph path.edge.catch"))).isNotEmpty();
    shot("5-pipeline-graph");
  }

  private static int countStates(com.fasterxml.jackson.databind.JsonNode block) {
    int count = 0;
    for (var p : block.path("States").properties()) {
      count++;
      for (var b : GraphLayout.branches(p.getValue())) {
        count += countStates(b);
      }
    }
    return count;
  }

  /** The pipeline ASL with its substitutions filled as CDK would (function ARNs, numbers). */
  static String pipelineDefinition() throws Exception {
    String text =
        Files.readString(
            Path.of(System.getProperty("slipway.root"), "statemachines", "pipeline.asl.json"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      m.appendReplacement(
          out,
          name.endsWith("FunctionArn")
              ? "arn:aws:lambda:us-east-1:000000000000:function:" + name.replace("FunctionArn", "")
              : "60");
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A load balancer whose listener sends a quarter of the traffic to the canary (ELBv2 API). */
  private void canaryAt25Percent() {
    elb =
        new dev.slipway.localcloud.elbv2.Elbv2Service(
            dir.resolve("elb"), 47300, metrics -> {}, Duration.ofHours(1));
    server.register(dev.slipway.localcloud.protocol.ServiceDescriptor.elbv2(elb));
    var lb =
        elb.createLoadBalancer(
                software.amazon.awssdk.services.elasticloadbalancingv2.model
                    .CreateLoadBalancerRequest.builder()
                    .name("hello")
                    .build())
            .loadBalancers()
            .getFirst();
    var groups = new java.util.ArrayList<TargetGroupTuple>();
    for (String name : List.of("hello-baseline", "hello-canary")) {
      var tg =
          elb.createTargetGroup(
                  software.amazon.awssdk.services.elasticloadbalancingv2.model
                      .CreateTargetGroupRequest.builder()
                      .name(name)
                      .protocol(ProtocolEnum.HTTP)
                      .port(80)
                      .targetType(TargetTypeEnum.IP)
                      .build())
              .targetGroups()
              .getFirst();
      groups.add(
          TargetGroupTuple.builder()
              .targetGroupArn(tg.targetGroupArn())
              .weight(groups.isEmpty() ? 75 : 25)
              .build());
    }
    elb.createListener(
        software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest.builder()
            .loadBalancerArn(lb.loadBalancerArn())
            .port(80)
            .protocol(ProtocolEnum.HTTP)
            .defaultActions(
                Action.builder()
                    .type(ActionTypeEnum.FORWARD)
                    .forwardConfig(f -> f.targetGroups(groups))
                    .build())
            .build());
  }

  private void awaitNode(String state, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> node(state).getDomAttribute("data-status"), status::equals);
  }

  private WebElement node(String state) {
    return browser.findElement(By.cssSelector("#graph .node[data-state='" + state + "']"));
  }

  private WebElement first(By by) {
    List<WebElement> found = browser.findElements(by);
    return found.isEmpty() ? null : found.getFirst();
  }

  private String text(By by) {
    WebElement e = first(by);
    return e == null ? null : e.getText();
  }

  private void shot(String name) throws Exception {
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
