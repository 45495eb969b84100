package dev.slipway.localcloud.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The pipeline's own definition drawn in the console after a run that took its failure path. */
class PipelineGraphIT extends ConsoleBrowserBase {
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
}
