package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Template;

/** The Lambda functions: runtime, handler string, sizing, and CONTRACT.md's environment table. */
class HandlerFunctionsTemplateTest {
  private static final Set<String> COMMON =
      Set.of("SLIPWAY_SERVICE", "POWERTOOLS_SERVICE_NAME", "JAVA_TOOL_OPTIONS");

  /** CONTRACT.md, "Handler environment variables", per handler (besides COMMON). */
  private static final Map<Handler, Set<String>> EXPECTED_ENV =
      Map.ofEntries(
          Map.entry(
              Handler.RECEIVE_WEBHOOK,
              Set.of(
                  "SLIPWAY_REPOSITORY",
                  "SLIPWAY_BRANCH",
                  "WEBHOOK_SECRET_ARN",
                  "EVENT_BUS_NAME",
                  "DELIVERIES_TABLE",
                  "LOCKS_TABLE")),
          Map.entry(
              Handler.PREPARE,
              Set.of(
                  "SLIPWAY_PIPELINE_CONFIG",
                  "ECR_REPOSITORY_NAME",
                  "LOCKS_TABLE",
                  "DEPLOYMENTS_TABLE",
                  "STATE_MACHINE_ARN")),
          Map.entry(
              Handler.START_BUILD,
              Set.of(
                  "BUILD_PROJECT_NAME",
                  "ECR_REPOSITORY_NAME",
                  "ECR_REPOSITORY_URI",
                  "LOCKS_TABLE")),
          Map.entry(
              Handler.VERIFY_IMAGE,
              Set.of(
                  "BUILD_PROJECT_NAME",
                  "ECR_REPOSITORY_NAME",
                  "ECR_REPOSITORY_URI",
                  "LOCKS_TABLE")),
          Map.entry(
              Handler.ON_BUILD_STATE_CHANGE,
              Set.of(
                  "BUILD_PROJECT_NAME", "ECR_REPOSITORY_URI", "STATE_MACHINE_ARN", "LOCKS_TABLE")),
          Map.entry(
              Handler.DEPLOY_SERVICE,
              Set.of(
                  "SLIPWAY_ENVIRONMENTS", "LOCKS_TABLE", "DEPLOYMENTS_TABLE", "STATE_MACHINE_ARN")),
          Map.entry(
              Handler.ON_DEPLOYMENT_STATE_CHANGE,
              Set.of(
                  "SLIPWAY_ENVIRONMENTS", "LOCKS_TABLE", "DEPLOYMENTS_TABLE", "STATE_MACHINE_ARN")),
          Map.entry(
              Handler.ROLLBACK,
              Set.of(
                  "SLIPWAY_ENVIRONMENTS", "LOCKS_TABLE", "DEPLOYMENTS_TABLE", "STATE_MACHINE_ARN")),
          Map.entry(
              Handler.SMOKE_TEST,
              Set.of("SLIPWAY_ENVIRONMENTS", "TEST_LISTENER_SECRET_ARN", "LOCKS_TABLE")),
          Map.entry(Handler.ANALYZE_CANARY, Set.of("SLIPWAY_ENVIRONMENTS", "LOCKS_TABLE")),
          Map.entry(Handler.SHIFT_TRAFFIC, Set.of("SLIPWAY_ENVIRONMENTS", "LOCKS_TABLE")),
          Map.entry(Handler.RECORD_DEPLOYMENT, Set.of("DEPLOYMENTS_TABLE", "LOCKS_TABLE")),
          Map.entry(
              Handler.NOTIFY,
              Set.of(
                  "NOTIFY_TOPIC_ARN",
                  "APPROVAL_SECRET_ARN",
                  "APPROVAL_BASE_URL",
                  "LOCKS_TABLE",
                  "APPROVAL_TIMEOUT_SECONDS")),
          Map.entry(
              Handler.APPROVE, Set.of("APPROVAL_SECRET_ARN", "STATE_MACHINE_ARN", "LOCKS_TABLE")));

  private final Template template = SynthesizedStack.get().template;

  @ParameterizedTest
  @EnumSource(Handler.class)
  @SuppressWarnings("unchecked")
  void eachHandlerRunsOnJava21WithItsOwnSizingAndExactlyItsEnvironment(Handler handler) {
    String id =
        TemplateAssertions.logicalId(
            template, "AWS::Lambda::Function", "Handlers" + handler.className() + "Function");
    Map<String, Object> props =
        TemplateAssertions.properties(template, "AWS::Lambda::Function").get(id);
    assertThat(props)
        .containsEntry("Runtime", "java21")
        .containsEntry(
            "Handler", "dev.slipway.functions." + handler.className() + "::handleRequest")
        .containsEntry("MemorySize", handler.memoryMb())
        .containsEntry("Timeout", handler.timeoutSeconds())
        .containsEntry("FunctionName", "slipway-hello-" + handler.className());
    var env =
        (Map<String, Object>) ((Map<String, Object>) props.get("Environment")).get("Variables");
    var expected = new TreeSet<>(COMMON);
    expected.addAll(EXPECTED_ENV.get(handler));
    assertThat(new TreeSet<>(env.keySet())).isEqualTo(expected);
    // the code is the handler jar, as a file asset
    assertThat(((Map<String, Object>) props.get("Code")).get("S3Key").toString()).endsWith(".jar");
  }

  @Test
  @SuppressWarnings("unchecked")
  void environmentsDescriptorNamesEveryFieldHandlersRead() {
    String id =
        TemplateAssertions.logicalId(
            template, "AWS::Lambda::Function", "HandlersDeployServiceFunction");
    var env =
        (Map<String, Object>)
            ((Map<String, Object>)
                    TemplateAssertions.properties(template, "AWS::Lambda::Function")
                        .get(id)
                        .get("Environment"))
                .get("Variables");
    String joined = env.get("SLIPWAY_ENVIRONMENTS").toString();
    for (String field :
        List.of(
            "cluster",
            "service",
            "greenService",
            "taskFamily",
            "containerName",
            "desiredCount",
            "listenerArn",
            "testListenerArn",
            "ruleArn",
            "blueTargetGroupArn",
            "greenTargetGroupArn",
            "loadBalancerFullName",
            "url",
            "testUrl")) {
      assertThat(joined).as(field).contains("\"" + field + "\":");
    }
    assertThat(joined).contains("{\"staging\":{").contains("},\"production\":{");
    // infra/slipway.json asks for 2 tasks: the handlers must deploy that many, not copy the
    // live count of a service created with 0
    assertThat(joined).contains("\"desiredCount\":2,");
  }

  /**
   * Lambda allows 4 KB of environment variables per function. Tokens are estimated at the length of
   * the longest value they resolve to in practice (a listener rule ARN is ~170 characters).
   */
  @ParameterizedTest
  @EnumSource(Handler.class)
  @SuppressWarnings("unchecked")
  void environmentFitsLambdasFourKilobytes(Handler handler) {
    String id =
        TemplateAssertions.logicalId(
            template, "AWS::Lambda::Function", "Handlers" + handler.className() + "Function");
    var env =
        (Map<String, Object>)
            ((Map<String, Object>)
                    TemplateAssertions.properties(template, "AWS::Lambda::Function")
                        .get(id)
                        .get("Environment"))
                .get("Variables");
    int size = 0;
    for (var e : env.entrySet()) {
      size += e.getKey().length() + resolvedLength(e.getValue());
    }
    assertThat(size).as(handler + " environment, estimated bytes").isLessThan(3_800);
  }

  @SuppressWarnings("unchecked")
  private static int resolvedLength(Object value) {
    if (value instanceof String s) {
      return s.length();
    }
    var token = (Map<String, Object>) value;
    if (token.containsKey("Fn::Join")) {
      var parts = (List<Object>) ((List<Object>) token.get("Fn::Join")).get(1);
      return parts.stream().mapToInt(HandlerFunctionsTemplateTest::resolvedLength).sum();
    }
    String ref = String.valueOf(token.getOrDefault("Ref", token.get("Fn::GetAtt")));
    if (ref.contains("WeightedRule")) {
      return 170;
    }
    if (ref.contains("Listener")) {
      return 140;
    }
    if (ref.contains("Targets")) {
      return 110;
    }
    if (ref.contains("DNSName")) {
      return 80;
    }
    return ref.contains("Name") || ref.contains("Cluster") ? 60 : 130;
  }

  @Test
  @SuppressWarnings("unchecked")
  void noFunctionRoleHasAManagedPolicy() {
    TemplateAssertions.properties(template, "AWS::IAM::Role")
        .forEach(
            (id, props) -> {
              if (id.startsWith("Handlers")) {
                assertThat(props).as(id).doesNotContainKey("ManagedPolicyArns");
              }
            });
  }
}
