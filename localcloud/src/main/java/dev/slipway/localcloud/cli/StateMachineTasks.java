package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.iam.AccessDenied;
import dev.slipway.localcloud.iam.IamGate;
import dev.slipway.localcloud.iam.Principals;
import dev.slipway.localcloud.iam.RequestActions;
import dev.slipway.localcloud.lambda.InvocationResult;
import dev.slipway.localcloud.lambda.LocalLambda;
import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.ServiceRegistry;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskDispatcher;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskFailedException;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskInvocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Runs Step Functions Task resources against the local services: {@code lambda:invoke} (and plain
 * function ARNs) on {@link LocalLambda}, {@code aws-sdk:<service>:<action>} and the optimized
 * integrations through the service registry, with Step Functions' error names. Each call is made
 * with the state machine's role, as Step Functions makes it: one its policies do not allow fails
 * the task with AWS's access denied error ({@code Lambda.AWSLambdaException} for a function, {@code
 * <Service>.AccessDeniedException} for an SDK integration) and is logged as a denial.
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
  private final IamGate iam;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  StateMachineTasks(LocalLambda lambda, ServiceRegistry registry, IamGate iam) {
    this.lambda = lambda;
    this.registry = registry;
    this.iam = iam;
  }

  @Override
  public CompletionStage<Object> dispatch(TaskInvocation task) {
    return CompletableFuture.supplyAsync(() -> run(task), executor);
  }

  private Object run(TaskInvocation task) {
    String resource = task.resource().replace(".waitForTaskToken", "").replace(".sync", "");
    JsonNode params = Json.MAPPER.valueToTree(task.parameters());
    if (resource.equals("arn:aws:states:::lambda:invoke")) {
      String function = params.path("FunctionName").asText();
      authorizeInvoke(task, function, params.path("Qualifier").asText(null));
      return lambdaInvoke(function, params.get("Payload"), true);
    }
    if (resource.startsWith("arn:aws:lambda:")) {
      authorizeInvoke(task, resource, null);
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
    String prefix = ERROR_PREFIX.getOrDefault(service, service);
    ServiceDescriptor descriptor = registry.bySdkId(service);
    if (descriptor != null) {
      authorizeSdkCall(task, descriptor, prefix, action, params);
    }
    try {
      return Json.MAPPER.convertValue(registry.callJson(service, action, params), Object.class);
    } catch (AwsServiceException e) {
      throw new TaskFailedException(errorName(prefix, AwsErrors.codeOf(e)), AwsErrors.messageOf(e));
    }
  }

  /**
   * {@code lambda:InvokeFunction} on the function for the state machine's role. Step Functions'
   * Lambda integration reports a denial as {@code Lambda.AWSLambdaException} with Lambda's message
   * and the request's details, e.g. {@code User: arn:aws:sts::…:assumed-role/<role>/<session> is
   * not authorized to perform: lambda:InvokeFunction on resource: <function> because no
   * identity-based policy allows the lambda:InvokeFunction action (Service: AWSLambda; Status Code:
   * 403; Error Code: AccessDeniedException; Request ID: …; Proxy: null)}.
   */
  private void authorizeInvoke(TaskInvocation task, String function, String qualifier) {
    ObjectNode input = Json.MAPPER.createObjectNode().put("FunctionName", function);
    if (qualifier != null) {
      input.put("Qualifier", qualifier);
    }
    denial(task, "lambda", "Invoke", input)
        .ifPresent(
            d -> {
              throw new TaskFailedException(
                  "Lambda.AWSLambdaException",
                  d.message()
                      + " (Service: AWSLambda; Status Code: 403; Error Code:"
                      + " AccessDeniedException; Request ID: "
                      + UUID.randomUUID()
                      + "; Proxy: null)");
            });
  }

  /**
   * The SDK integration's action on its resource for the state machine's role; a denial is the
   * service's access denied error named as Step Functions names SDK errors, {@code
   * <Service>.<Code>} with the {@code Exception} suffix, e.g. {@code Ecs.AccessDeniedException}.
   */
  private void authorizeSdkCall(
      TaskInvocation task,
      ServiceDescriptor service,
      String errorPrefix,
      String action,
      JsonNode params) {
    String operation = action.substring(0, 1).toUpperCase(Locale.ROOT) + action.substring(1);
    denial(task, RequestActions.prefix(service), operation, apiMembers(params))
        .ifPresent(
            d -> {
              AwsServiceException e = AccessDenied.error(service, d.message());
              throw new TaskFailedException(
                  errorName(errorPrefix, AwsErrors.codeOf(e)),
                  d.message()
                      + " (Service: "
                      + errorPrefix
                      + ", Status Code: "
                      + e.statusCode()
                      + ", Request ID: "
                      + UUID.randomUUID()
                      + ")");
            });
  }

  private Optional<IamGate.Denial> denial(
      TaskInvocation task, String prefix, String operation, JsonNode input) {
    if (iam == null || task.roleArn() == null) {
      return Optional.empty();
    }
    return iam.authorize(
        Principals.serviceSession(task.roleArn(), task.executionArn()), prefix, operation, input);
  }

  /**
   * Step Functions names an SDK integration's error {@code <Service>.<Error>} and adds the {@code
   * Exception} suffix to error names that lack it ({@code S3.BucketAlreadyExistsException}), as its
   * AWS SDK integrations guide says.
   */
  static String errorName(String servicePrefix, String code) {
    return servicePrefix + "." + (code.endsWith("Exception") ? code : code + "Exception");
  }

  /**
   * The task's parameters with the API's member names as well: Step Functions writes every member
   * in PascalCase ({@code Cluster}), the API may spell it in camelCase ({@code cluster}).
   */
  static JsonNode apiMembers(JsonNode params) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (params == null || !params.isObject()) {
      return out;
    }
    params
        .properties()
        .forEach(
            e -> {
              out.set(e.getKey(), e.getValue());
              if (e.getKey().isEmpty()) {
                return;
              }
              String camel =
                  e.getKey().substring(0, 1).toLowerCase(Locale.ROOT) + e.getKey().substring(1);
              if (!params.has(camel)) {
                out.set(camel, e.getValue());
              }
            });
    return out;
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
