package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.lambda.InvocationResult;
import dev.slipway.localcloud.lambda.LocalLambda;
import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.ServiceRegistry;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskDispatcher;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskFailedException;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskInvocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Runs Step Functions Task resources against the local services: {@code lambda:invoke} (and plain
 * function ARNs) on {@link LocalLambda}, {@code aws-sdk:<service>:<action>} and the optimized
 * integrations through the service registry, with Step Functions' error names.
 */
final class StateMachineTasks implements TaskDispatcher {
  private static final String SDK_PREFIX = "arn:aws:states:::aws-sdk:";
  private static final Map<String, String> ERROR_PREFIX =
      Map.ofEntries(
          Map.entry("sfn", "Sfn"),
          Map.entry("dynamodb", "DynamoDb"),
          Map.entry("secretsmanager", "SecretsManager"),
          Map.entry("eventbridge", "EventBridge"),
          Map.entry("cloudwatch", "CloudWatch"),
          Map.entry("sns", "Sns"),
          Map.entry("elasticloadbalancingv2", "ElasticLoadBalancingV2"),
          Map.entry("codebuild", "CodeBuild"),
          Map.entry("ecr", "Ecr"),
          Map.entry("ecs", "Ecs"),
          Map.entry("lambda", "Lambda"));

  /** Optimized integrations: {@code arn:aws:states:::<service>:<action>} → SDK service id. */
  private static final Map<String, String> OPTIMIZED =
      Map.of(
          "events",
          "eventbridge",
          "sns",
          "sns",
          "dynamodb",
          "dynamodb",
          "states",
          "sfn",
          "ecs",
          "ecs",
          "codebuild",
          "codebuild");

  private final LocalLambda lambda;
  private final ServiceRegistry registry;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  StateMachineTasks(LocalLambda lambda, ServiceRegistry registry) {
    this.lambda = lambda;
    this.registry = registry;
  }

  @Override
  public CompletionStage<Object> dispatch(TaskInvocation task) {
    return CompletableFuture.supplyAsync(() -> run(task), executor);
  }

  private Object run(TaskInvocation task) {
    String resource = task.resource().replace(".waitForTaskToken", "").replace(".sync", "");
    JsonNode params = Json.MAPPER.valueToTree(task.parameters());
    if (resource.equals("arn:aws:states:::lambda:invoke")) {
      return lambdaInvoke(params.path("FunctionName").asText(), params.get("Payload"), true);
    }
    if (resource.startsWith("arn:aws:lambda:")) {
      return lambdaInvoke(resource, params, false);
    }
    String service;
    String action;
    if (resource.startsWith(SDK_PREFIX)) {
      String[] parts = resource.substring(SDK_PREFIX.length()).split(":");
      service = parts[0];
      action = parts[1];
    } else if (resource.startsWith("arn:aws:states:::")) {
      String[] parts = resource.substring("arn:aws:states:::".length()).split(":");
      service = OPTIMIZED.getOrDefault(parts[0], parts[0]);
      action = parts[1];
    } else {
      throw new TaskFailedException(
          "States.Runtime", "resource " + task.resource() + " is not supported in local mode");
    }
    try {
      return Json.MAPPER.convertValue(registry.callJson(service, action, params), Object.class);
    } catch (AwsServiceException e) {
      String prefix = ERROR_PREFIX.getOrDefault(service, service);
      throw new TaskFailedException(prefix + "." + AwsErrors.codeOf(e), AwsErrors.messageOf(e));
    }
  }

  private Object lambdaInvoke(String function, JsonNode payload, boolean wrapped) {
    byte[] body =
        (payload == null || payload.isMissingNode() ? "{}" : payload.toString())
            .getBytes(StandardCharsets.UTF_8);
    InvocationResult result;
    try {
      result = lambda.invoke(function, body);
    } catch (AwsServiceException e) {
      throw new TaskFailedException("Lambda." + AwsErrors.codeOf(e), AwsErrors.messageOf(e));
    }
    JsonNode out = parse(result.payload());
    if (!result.succeeded()) {
      String type = out.path("errorType").asText("");
      // Step Functions names a function error by its errorType, else Lambda.Unknown
      throw new TaskFailedException(type.isEmpty() ? "Lambda.Unknown" : type, out.toString());
    }
    if (!wrapped) {
      return Json.MAPPER.convertValue(out, Object.class);
    }
    ObjectNode envelope = Json.MAPPER.createObjectNode();
    envelope.put("ExecutedVersion", "$LATEST");
    envelope.set("Payload", out);
    envelope.put("StatusCode", 200);
    return Json.MAPPER.convertValue(envelope, Object.class);
  }

  private static JsonNode parse(byte[] payload) {
    try {
      JsonNode n = Json.MAPPER.readTree(payload);
      return n == null ? Json.MAPPER.nullNode() : n;
    } catch (IOException e) {
      return Json.MAPPER.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8));
    }
  }
}
