package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.e2e.ConsolePage.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * Local mode's console in a real browser during a real pipeline run: a commit failing 20 % of API
 * calls is pushed with {@code git push}, and the execution view, opened while the run goes, turns
 * its states green in order (live, without reloading), then shows the failed canary and the
 * rollback path; the deployments view shows the rolled-back record and the baseline serving again.
 * Screenshots of each moment go to {@code tests/target/console-screenshots/}.
 */
@ExtendWith(LocalMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(7)
class ConsoleDuringRunIT {
  /** The pipeline's states up to production, in the order a run enters them. */
  private static final List<String> IN_ORDER =
      List.of(
          "Prepare",
          "Build image",
          "Verify image",
          "Deploy to staging",
          "Smoke test staging",
          "Deploy to production");

  /** States long enough (seconds) that the page, polling every second, shows them running. */
  private static final List<String> SEEN_RUNNING =
      List.of("Build image", "Deploy to staging", "Deploy to production");

  private static final List<String> ROLLBACK_PATH =
      List.of(
          "Roll back production",
          "Verify production rollback",
          "Record rollback",
          "Notify rollback");

  @Test
  @Order(1)
  void brokenCanaryTurnsGreenLiveThenShowsItsRollback(LocalModeRun local, @TempDir Path profile)
      throws Exception {
    String baseline = local.ensureServing();
    local.load(); // the canary analysis compares the canary's requests with the baseline's
    local.repo.setFault("fail.percent", "20");
    try (ConsolePage page = ConsolePage.open(console(local), profile, shots(local))) {
      String sha = local.repo.commit("Fail 20% of API calls (watched in the console)");
      local.repo.push();
      ExecutionListItem run = local.watch.awaitExecution(sha, Duration.ofMinutes(3));
      page.showExecution(run.executionArn());
      List<Snapshot> timeline = watchUntilDone(page);

      assertLiveInOrder(timeline);
      assertRolledBack(page, timeline.getLast());
      assertDeployments(page, local, baseline, sha);
    } finally {
      local.repo.setFault("fail.percent", "0");
    }
  }

  /** Reads the page every 300 ms until the run ends; screenshots at the moments worth seeing. */
  private static List<Snapshot> watchUntilDone(ConsolePage page) {
    List<Snapshot> timeline = new ArrayList<>();
    List<String> taken = new ArrayList<>();
    await("the execution view shows the run ended")
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(
            () -> {
              Snapshot s = page.snapshot();
              if (s.executionStatus() == null || s.states().isEmpty()) {
                return false; // still loading
              }
              timeline.add(s);
              shootOnce(page, taken, "1-build-running", s.of("Build image").equals("RUNNING"));
              shootOnce(
                  page, taken, "2-staging-green", s.of("Deploy to staging").equals("SUCCEEDED"));
              shootOnce(
                  page, taken, "3-canary-baking", s.iterationsOf("Bake").contains("5 % RUNNING"));
              return !s.running();
            });
    return timeline;
  }

  private static void shootOnce(ConsolePage page, List<String> taken, String name, boolean now)
      throws Exception {
    if (now && !taken.contains(name)) {
      page.shot(name);
      taken.add(name);
    }
  }

  /** Each state went green in pipeline order while later ones were still to come. */
  private static void assertLiveInOrder(List<Snapshot> timeline) {
    assertThat(timeline.getFirst().running()).as("the page opened on a running execution").isTrue();
    int previous = -1;
    for (String state : IN_ORDER) {
      int green = firstIndex(timeline, state, "SUCCEEDED");
      assertThat(green).as("%s turned green during the run", state).isNotNegative();
      assertThat(green)
          .as("%s turned green after the states before it", state)
          .isGreaterThanOrEqualTo(previous);
      Snapshot then = timeline.get(green);
      assertThat(then.running()).as("the run was still going when %s turned green", state).isTrue();
      assertThat(then.live()).as("the live marker shows while the run goes").isTrue();
      assertThat(then.of("Roll back production")).isEqualTo("NOT_STARTED");
      assertThat(then.of("Rolled back")).isEqualTo("NOT_STARTED");
      previous = green;
    }
    assertThat(timeline)
        .as("the canary's first step baking, shown live per iteration")
        .anySatisfy(
            s -> {
              assertThat(s.iterationsOf("Bake")).containsExactly("5 % RUNNING");
              assertThat(s.iterationsOf("Shift traffic")).containsExactly("5 % SUCCEEDED");
              assertThat(s.of("Roll back production")).isEqualTo("NOT_STARTED");
            });
    for (String state : SEEN_RUNNING) {
      int running = firstIndex(timeline, state, "RUNNING");
      assertThat(running)
          .as("%s shown running (blue), later green, in the same page", state)
          .isNotNegative()
          .isLessThan(firstIndex(timeline, state, "SUCCEEDED"));
      assertThat(timeline.get(running).of("Deployed")).isEqualTo("NOT_STARTED");
    }
  }

  private static int firstIndex(List<Snapshot> timeline, String state, String status) {
    for (int i = 0; i < timeline.size(); i++) {
      if (timeline.get(i).of(state).equals(status)) {
        return i;
      }
    }
    return -1;
  }

  /** The end of the run: the canary failed, the rollback states green, nothing deployed. */
  private static void assertRolledBack(ConsolePage page, Snapshot end) throws Exception {
    assertThat(end.executionStatus()).isEqualTo("FAILED");
    assertThat(end.live()).as("no live marker once the run ended").isFalse();
    for (String state : ROLLBACK_PATH) {
      assertThat(end.of(state)).as(state).isEqualTo("SUCCEEDED");
    }
    assertThat(end.of("Rolled back")).isEqualTo("FAILED");
    assertThat(end.of("Canary failed")).isEqualTo("FAILED");
    assertThat(end.of("Canary steps")).isIn("CAUGHT", "FAILED");
    assertThat(end.of("Deployed")).isEqualTo("NOT_STARTED");
    assertThat(end.of("Record deployment")).isEqualTo("NOT_STARTED");
    assertThat(page.text(By.cssSelector("main .panel"))).containsIgnoringCase("canary");
    assertCanaryIterations(end);
    page.browser
        .findElement(By.cssSelector("#graph .node[data-state='Roll back production']"))
        .click();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> page.text(By.id("state-details")),
            t -> t.contains("Roll back production") && t.contains("SUCCEEDED"));
    assertThat(page.text(By.id("state-details")).lines())
        .as("no absent part shown")
        .doesNotContain("null");
    assertThat(
            page.browser.findElements(By.cssSelector("#events tr[data-type='MapIterationFailed']")))
        .isNotEmpty();
    page.shot("4-rolled-back");
  }

  /** Inside the canary Map, each state shows its status per step (iteration). */
  private static void assertCanaryIterations(Snapshot end) {
    // the canary fails at whichever step the analysis first has enough evidence: 5 % or later
    List<String> shifts = end.iterationsOf("Shift traffic");
    assertThat(shifts).as("%s", end).isNotEmpty().allMatch(i -> i.endsWith(" SUCCEEDED"));
    assertThat(shifts.getFirst()).startsWith("5 % ");
    String failedAt = shifts.getLast().replace(" SUCCEEDED", "");
    assertThat(end.iterationsOf("Canary failed")).containsExactly(failedAt + " FAILED");
    assertThat(end.iterationsOf("Canary step passed"))
        .hasSize(shifts.size() - 1)
        .allMatch(i -> i.endsWith(" SUCCEEDED"));
  }

  /** The deployments view: the broken commit rolled back, the baseline serving production. */
  private static void assertDeployments(
      ConsolePage page, LocalModeRun local, String baseline, String broken) throws Exception {
    page.showDeployments();
    WebElement production = production(page, local);
    assertThat(production.findElement(By.cssSelector(".serving-sha")).getText())
        .isEqualTo(baseline);
    List<WebElement> rolledBack =
        production.findElements(By.cssSelector("tr[data-result='ROLLED_BACK']"));
    assertThat(rolledBack)
        .as("the broken commit's record")
        .anySatisfy(r -> assertThat(r.getText()).contains(broken.substring(0, 8)));
    assertThat(production.getText()).contains("Change failure rate");
    page.shot("5-deployments");
  }

  @Test
  @Order(2)
  void rollBackToThisStartsARequestedRollbackThatServesTheChosenVersion(
      LocalModeRun local, @TempDir Path profile) throws Exception {
    try (ConsolePage page = ConsolePage.open(console(local), profile, shots(local))) {
      page.showDeployments();
      WebElement production = production(page, local);
      List<WebElement> buttons = production.findElements(By.cssSelector("button.rollback"));
      assertThat(buttons)
          .as("an earlier good version than the one serving (the demo deploys two)")
          .isNotEmpty();
      WebElement row = buttons.getFirst().findElement(By.xpath("./ancestor::tr"));
      String target = row.findElement(By.cssSelector("td.mono")).getDomAttribute("title");
      Set<String> before = executionArns(local);

      buttons.getFirst().click();
      Alert confirm = page.browser.switchTo().alert();
      assertThat(confirm.getText()).contains(target);
      confirm.accept();
      await("the console confirms the request")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> page.text(By.id("toast")), t -> t.contains(target + " requested"));
      page.shot("6-rollback-requested");

      String run =
          await("a pipeline run for the requested rollback")
              .atMost(Duration.ofMinutes(2))
              .until(
                  () -> executionArns(local).stream().filter(a -> !before.contains(a)).findFirst(),
                  Optional::isPresent)
              .orElseThrow();
      page.showExecution(run);
      await("the requested rollback finishes in the execution view")
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> page.snapshot(), s -> !s.running());
      Snapshot end = page.snapshot();
      assertThat(end.executionStatus()).as("%s", end).isEqualTo("SUCCEEDED");
      assertThat(end.of("Roll back on request")).isEqualTo("SUCCEEDED");
      assertThat(end.of("Rolled back on request")).isEqualTo("SUCCEEDED");
      assertThat(end.of("Build image")).isEqualTo("NOT_STARTED");
      assertThat(page.text(By.cssSelector("main .panel"))).contains("rollback: manual rollback");
      page.shot("7-rolled-back-on-request");
      assertThat(Versions.serving(local)).isEqualTo(target);
    }
  }

  private static Set<String> executionArns(LocalModeRun local) {
    return local
        .sfn
        .listExecutions(r -> r.stateMachineArn(local.state.requireOutput("StateMachineArn")))
        .executions()
        .stream()
        .map(ExecutionListItem::executionArn)
        .collect(Collectors.toSet());
  }

  private static WebElement production(ConsolePage page, LocalModeRun local) {
    String env = local.settings.service() + "/" + local.settings.production();
    return await("the deployments view shows " + env)
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> page.first(By.cssSelector(".env[data-env='" + env + "']")), e -> e != null);
  }

  private static String console(LocalModeRun local) {
    return "http://127.0.0.1:" + local.port + "/console";
  }

  private static Path shots(LocalModeRun local) {
    return local.root.resolve("tests/target/console-screenshots");
  }
}
