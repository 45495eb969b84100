package dev.slipway.localcloud.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.server.PortBlock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The console in Debian's headless chromium while an execution runs on the real engine behind the
 * real local endpoint: the graph turns green as states finish, the approval button decides the
 * waiting callback task, the failed canary and the rollback path show, and the deployments view
 * shows what serves, the canary's traffic split and DORA figures.
 */
class ConsoleBrowserIT extends ConsoleBrowserBase {
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
    fixture.storeApprovalRequest(approvalToken());
    assertThat(fixture.approvalRequestStored()).isTrue();

    browser.findElement(By.id("approve")).click();
    browser.switchTo().alert().accept();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fixture.approvalRequestStored())
                    .as("the decided request no longer pending for the links")
                    .isFalse());
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
    assertThat(browser.getPageSource())
        .doesNotContain(approvalToken())
        .doesNotContain("do-not-show");

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

  private String approvalToken() {
    return fixture.calls.stream()
        .filter(c -> c.taskToken() != null)
        .findFirst()
        .orElseThrow()
        .taskToken();
  }

  /** A load balancer whose listener sends a quarter of the traffic to the canary (ELBv2 API). */
  private void canaryAt25Percent() {
    elb =
        new dev.slipway.localcloud.elbv2.Elbv2Service(
            dir.resolve("elb"), PortBlock.find(), metrics -> {}, Duration.ofHours(1));
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
}
