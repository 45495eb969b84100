package dev.slipway.localcloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.server.LocalAws;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What IAM authorizes for one API request: its action(s), the resource ARN(s) the Service
 * Authorization Reference names for that action, built from the request's members, and the
 * condition keys the action supports ({@code ecs:cluster}, {@code iam:PassedToService}, …). Calls
 * that need more than one permission list each ({@code RegisterTaskDefinition} with roles also
 * needs {@code iam:PassRole} on them). Actions whose resource type is {@code *} in the reference
 * ({@code cloudwatch:GetMetricData}, {@code ecr:GetAuthorizationToken}, the ELBv2 {@code Describe*}
 * calls) map to {@code *}.
 *
 * <p>Operations without a mapping here are authorized as {@code <service>:<Operation>} on {@code *}
 * and reported as {@link Mapped#mapped() unmapped}.
 */
public final class RequestActions {
  private final ResourceLookup lookup;

  public RequestActions(ResourceLookup lookup) {
    this.lookup = lookup;
  }

  /**
   * The permissions one request needs.
   *
   * @param operation the API operation name ({@code GetItem})
   * @param requests one per action and resource
   * @param mapped false when the operation has no resource mapping and falls back to {@code *}
   */
  public record Mapped(String operation, List<AuthorizationRequest> requests, boolean mapped) {}

  /** The action prefix of a service, by SigV4 signing name ({@code monitoring} → cloudwatch). */
  public static String prefix(ServiceDescriptor service) {
    return switch (service.signingName()) {
      case "monitoring" -> "cloudwatch";
      default -> service.signingName();
    };
  }

  /** Maps a wire request for {@code service}; null when the operation cannot be told. */
  public Mapped map(ServiceDescriptor service, WireRequest request) {
    String prefix = prefix(service);
    Call call = decode(service, request);
    if (call == null) {
      return null;
    }
    return map(prefix, call.operation, call.input);
  }

  /** Maps an operation with its input members (as the API names them) for a service prefix. */
  public Mapped map(String prefix, String operation, JsonNode input) {
    List<AuthorizationRequest> out = new ArrayList<>();
    boolean mapped =
        switch (prefix) {
          case "dynamodb" -> dynamoDb(operation, input, out);
          case "states" -> stepFunctions(operation, input, out);
          case "ecs" -> ecs(operation, input, out);
          case "ecr" -> ecr(operation, input, out);
          case "codebuild" -> codeBuild(operation, input, out);
          case "events" -> events(operation, input, out);
          case "sns" -> sns(operation, input, out);
          case "secretsmanager" -> secrets(operation, input, out);
          case "elasticloadbalancing" -> elbv2(operation, input, out);
          case "cloudwatch" -> cloudWatch(operation, out);
          case "lambda" -> lambda(operation, input, out);
          case "logs" -> LogsActions.map(operation, input, out);
          default -> false;
        };
    if (!mapped) {
      out.clear();
      out.add(AuthorizationRequest.of(prefix + ":" + operation, "*"));
    }
    return new Mapped(operation, List.copyOf(out), mapped);
  }

  private record Call(String operation, JsonNode input) {}

  private static Call decode(ServiceDescriptor service, WireRequest request) {
    try {
      return switch (service.protocol()) {
        case AWS_JSON_1_0, AWS_JSON_1_1 -> {
          String target = request.header("X-Amz-Target");
          if (target == null || !target.contains(".")) {
            yield null;
          }
          String body = request.bodyText();
          yield new Call(
              target.substring(target.indexOf('.') + 1),
              body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body));
        }
        case AWS_QUERY -> {
          Map<String, String> form = WireRequest.parseForm(request.bodyText());
          if (form.isEmpty()) {
            form = request.queryParameters();
          }
          ObjectNode input = Json.MAPPER.createObjectNode();
          form.forEach(input::put);
          String action = form.get("Action");
          yield action == null ? null : new Call(action, input);
        }
        case RPC_V2_CBOR -> {
          String path = request.path();
          int at = path.lastIndexOf("/operation/");
          yield at < 0 ? null : new Call(path.substring(at + "/operation/".length()), null);
        }
        case REST_JSON -> lambdaCall(request);
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Lambda's REST paths: the operations functions call, by method and path. */
  private static Call lambdaCall(WireRequest request) {
    String[] parts = request.path().split("/");
    // /2015-03-31/functions/{name}/invocations and /2015-03-31/functions/{name}
    if (parts.length >= 4 && parts[2].equals("functions")) {
      ObjectNode input = Json.MAPPER.createObjectNode();
      input.put("FunctionName", URLDecoder.decode(parts[3], StandardCharsets.UTF_8));
      String qualifier = request.queryParameters().get("Qualifier");
      if (qualifier != null) {
        input.put("Qualifier", qualifier);
      }
      if (parts.length == 5 && parts[4].equals("invocations") && request.method().equals("POST")) {
        return new Call("Invoke", input);
      }
      if (parts.length == 4 && request.method().equals("GET")) {
        return new Call("GetFunction", input);
      }
      if (parts.length == 5 && parts[4].equals("configuration") && request.method().equals("GET")) {
        return new Call("GetFunctionConfiguration", input);
      }
    }
    return new Call(request.method() + " " + request.path(), null);
  }

  // --- DynamoDB: table/<name>, table/<name>/index/<index>

  private static boolean dynamoDb(String op, JsonNode in, List<AuthorizationRequest> out) {
    switch (op) {
      case "GetItem",
          "PutItem",
          "DeleteItem",
          "UpdateItem",
          "DescribeTable",
          "Scan",
          "Query",
          "DeleteTable",
          "UpdateTable",
          "DescribeTimeToLive",
          "UpdateTimeToLive",
          "DescribeContinuousBackups" -> {
        String table = in.path("TableName").asText("");
        String resource = tableArn(table);
        if ((op.equals("Query") || op.equals("Scan")) && in.hasNonNull("IndexName")) {
          resource = resource + "/index/" + in.get("IndexName").asText();
        }
        out.add(AuthorizationRequest.of("dynamodb:" + op, resource));
        return true;
      }
      case "BatchGetItem", "BatchWriteItem" -> {
        in.path("RequestItems")
            .fieldNames()
            .forEachRemaining(t -> out.add(AuthorizationRequest.of("dynamodb:" + op, tableArn(t))));
        return true;
      }
      case "TransactWriteItems", "TransactGetItems" -> {
        for (JsonNode item : in.path("TransactItems")) {
          item.properties()
              .forEach(
                  e -> {
                    String action =
                        switch (e.getKey()) {
                          case "Put" -> "PutItem";
                          case "Update" -> "UpdateItem";
                          case "Delete" -> "DeleteItem";
                          case "ConditionCheck" -> "ConditionCheckItem";
                          default -> "GetItem";
                        };
                    out.add(
                        AuthorizationRequest.of(
                            "dynamodb:" + action,
                            tableArn(e.getValue().path("TableName").asText(""))));
                  });
        }
        return true;
      }
      case "ListTables", "DescribeLimits", "DescribeEndpoints" -> {
        out.add(AuthorizationRequest.of("dynamodb:" + op, "*"));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static String tableArn(String table) {
    return table.startsWith("arn:") ? table : LocalAws.arn("dynamodb", "table/" + table);
  }

  // --- Step Functions: stateMachine:<name>, execution:<machine>:<name>

  private boolean stepFunctions(String op, JsonNode in, List<AuthorizationRequest> out) {
    switch (op) {
      case "StartExecution",
          "StartSyncExecution",
          "ListExecutions",
          "DescribeStateMachine",
          "UpdateStateMachine",
          "DeleteStateMachine" -> {
        out.add(AuthorizationRequest.of("states:" + op, in.path("stateMachineArn").asText("")));
        return true;
      }
      case "DescribeExecution", "StopExecution", "GetExecutionHistory", "RedriveExecution" -> {
        out.add(AuthorizationRequest.of("states:" + op, in.path("executionArn").asText("")));
        return true;
      }
      case "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat" -> {
        String token = in.path("taskToken").asText(null);
        out.add(
            AuthorizationRequest.of(
                "states:" + op, lookup.stateMachineOfTaskToken(token).orElse("*")));
        return true;
      }
      case "ListStateMachines", "CreateStateMachine", "ListActivities" -> {
        out.add(AuthorizationRequest.of("states:" + op, "*"));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  // --- ECS: service/<cluster>/<service>, task/<cluster>/<id>, condition key ecs:cluster

  private static boolean ecs(String op, JsonNode in, List<AuthorizationRequest> out) {
    String cluster = in.path("cluster").asText("default");
    String clusterArn =
        cluster.startsWith("arn:") ? cluster : LocalAws.arn("ecs", "cluster/" + cluster);
    String clusterName = LocalAws.nameFromArn(clusterArn, ":cluster/");
    switch (op) {
      case "UpdateService", "DeleteService", "ListServiceDeployments" -> {
        out.add(
            AuthorizationRequest.of(
                    "ecs:" + op, serviceArn(clusterName, in.path("service").asText("")))
                .with("ecs:cluster", clusterArn));
        return true;
      }
      case "DescribeServices" -> {
        for (JsonNode s : in.path("services")) {
          out.add(
              AuthorizationRequest.of("ecs:" + op, serviceArn(clusterName, s.asText()))
                  .with("ecs:cluster", clusterArn));
        }
        return true;
      }
      case "DescribeServiceDeployments" -> {
        for (JsonNode s : in.path("serviceDeploymentArns")) {
          out.add(AuthorizationRequest.of("ecs:" + op, s.asText()));
        }
        return true;
      }
      case "DescribeTasks", "StopTask" -> {
        List<String> tasks = new ArrayList<>();
        if (op.equals("StopTask")) {
          tasks.add(in.path("task").asText(""));
        } else {
          in.path("tasks").forEach(t -> tasks.add(t.asText()));
        }
        for (String t : tasks) {
          String arn =
              t.startsWith("arn:") ? t : LocalAws.arn("ecs", "task/" + clusterName + "/" + t);
          out.add(AuthorizationRequest.of("ecs:" + op, arn).with("ecs:cluster", clusterArn));
        }
        return true;
      }
      case "ListTasks", "ListServices" -> {
        // the reference's resource is a container instance; the request names none
        out.add(AuthorizationRequest.of("ecs:" + op, "*").with("ecs:cluster", clusterArn));
        return true;
      }
      case "DescribeClusters" -> {
        JsonNode clusters = in.path("clusters");
        if (clusters.isEmpty()) {
          out.add(AuthorizationRequest.of("ecs:" + op, LocalAws.arn("ecs", "cluster/default")));
        }
        for (JsonNode c : clusters) {
          String arn =
              c.asText().startsWith("arn:")
                  ? c.asText()
                  : LocalAws.arn("ecs", "cluster/" + c.asText());
          out.add(AuthorizationRequest.of("ecs:" + op, arn));
        }
        return true;
      }
      case "RegisterTaskDefinition" -> {
        out.add(AuthorizationRequest.of("ecs:" + op, "*"));
        for (String member : List.of("taskRoleArn", "executionRoleArn")) {
          if (in.hasNonNull(member) && !in.get(member).asText().isEmpty()) {
            out.add(
                AuthorizationRequest.of("iam:PassRole", in.get(member).asText())
                    .with("iam:PassedToService", "ecs-tasks.amazonaws.com"));
          }
        }
        return true;
      }
      case "DescribeTaskDefinition",
          "ListTaskDefinitions",
          "ListClusters",
          "DeregisterTaskDefinition",
          "ListTaskDefinitionFamilies" -> {
        out.add(AuthorizationRequest.of("ecs:" + op, "*"));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static String serviceArn(String cluster, String service) {
    return service.startsWith("arn:")
        ? service
        : LocalAws.arn("ecs", "service/" + cluster + "/" + service);
  }

  // --- ECR: repository/<name>

  private static boolean ecr(String op, JsonNode in, List<AuthorizationRequest> out) {
    switch (op) {
      case "GetAuthorizationToken" -> {
        out.add(AuthorizationRequest.of("ecr:" + op, "*"));
        return true;
      }
      case "DescribeRepositories" -> {
        JsonNode names = in.path("repositoryNames");
        if (names.isEmpty()) {
          out.add(AuthorizationRequest.of("ecr:" + op, "*"));
        }
        names.forEach(
            n -> out.add(AuthorizationRequest.of("ecr:" + op, repositoryArn(n.asText()))));
        return true;
      }
      case "CreateRepository" -> {
        out.add(
            AuthorizationRequest.of(
                "ecr:" + op, repositoryArn(in.path("repositoryName").asText(""))));
        return true;
      }
      default -> {
        if (!in.has("repositoryName")) {
          return false;
        }
        out.add(
            AuthorizationRequest.of(
                "ecr:" + op, repositoryArn(in.path("repositoryName").asText())));
        return true;
      }
    }
  }

  private static String repositoryArn(String name) {
    return LocalAws.arn("ecr", "repository/" + name);
  }

  // --- CodeBuild: project/<name>; build ids are <project>:<uuid>

  private static boolean codeBuild(String op, JsonNode in, List<AuthorizationRequest> out) {
    switch (op) {
      case "StartBuild", "BatchGetProjects", "ListBuildsForProject", "CreateProject" -> {
        List<String> projects = new ArrayList<>();
        if (op.equals("BatchGetProjects")) {
          in.path("names").forEach(n -> projects.add(n.asText()));
        } else {
          projects.add(in.path(op.equals("CreateProject") ? "name" : "projectName").asText(""));
        }
        projects.forEach(p -> out.add(AuthorizationRequest.of("codebuild:" + op, projectArn(p))));
        return true;
      }
      case "BatchGetBuilds", "StopBuild" -> {
        List<String> ids = new ArrayList<>();
        if (op.equals("StopBuild")) {
          ids.add(in.path("id").asText(""));
        } else {
          in.path("ids").forEach(i -> ids.add(i.asText()));
        }
        Set<String> projects = new LinkedHashSet<>();
        for (String id : ids) {
          String project = id.startsWith("arn:") ? LocalAws.nameFromArn(id, ":build/") : id;
          int colon = project.indexOf(':');
          projects.add(colon < 0 ? project : project.substring(0, colon));
        }
        projects.forEach(p -> out.add(AuthorizationRequest.of("codebuild:" + op, projectArn(p))));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static String projectArn(String name) {
    return name.startsWith("arn:") ? name : LocalAws.arn("codebuild", "project/" + name);
  }

  // --- EventBridge: event-bus/<name>

  private static boolean events(String op, JsonNode in, List<AuthorizationRequest> out) {
    switch (op) {
      case "PutEvents" -> {
        Set<String> buses = new LinkedHashSet<>();
        for (JsonNode entry : in.path("Entries")) {
          buses.add(busArn(entry.path("EventBusName").asText("default")));
        }
        buses.forEach(b -> out.add(AuthorizationRequest.of("events:PutEvents", b)));
        return true;
      }
      case "DescribeEventBus" -> {
        out.add(AuthorizationRequest.of("events:" + op, busArn(in.path("Name").asText("default"))));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static String busArn(String nameOrArn) {
    return nameOrArn.startsWith("arn:")
        ? nameOrArn
        : LocalAws.arn("events", "event-bus/" + nameOrArn);
  }

  // --- SNS: the topic ARN

  private static boolean sns(String op, JsonNode in, List<AuthorizationRequest> out) {
    switch (op) {
      case "Publish" -> {
        String topic = in.path("TopicArn").asText(in.path("TargetArn").asText(""));
        out.add(AuthorizationRequest.of("sns:Publish", topic));
        return true;
      }
      case "GetTopicAttributes", "Subscribe", "ListSubscriptionsByTopic", "SetTopicAttributes" -> {
        out.add(AuthorizationRequest.of("sns:" + op, in.path("TopicArn").asText("")));
        return true;
      }
      case "ListTopics", "CreateTopic" -> {
        out.add(AuthorizationRequest.of("sns:" + op, "*"));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  // --- Secrets Manager: secret:<name>-<6 characters>

  private boolean secrets(String op, JsonNode in, List<AuthorizationRequest> out) {
    switch (op) {
      case "GetSecretValue", "DescribeSecret", "PutSecretValue", "DeleteSecret", "UpdateSecret" -> {
        String id = in.path("SecretId").asText("");
        String arn =
            lookup
                .secretArn(id)
                .orElse(
                    id.startsWith("arn:") ? id : LocalAws.arn("secretsmanager", "secret:" + id));
        out.add(AuthorizationRequest.of("secretsmanager:" + op, arn));
        return true;
      }
      case "ListSecrets", "GetRandomPassword", "CreateSecret" -> {
        out.add(AuthorizationRequest.of("secretsmanager:" + op, "*"));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  // --- ELBv2: the listener / rule / target group ARN; Describe* on *

  private static boolean elbv2(String op, JsonNode in, List<AuthorizationRequest> out) {
    String action = "elasticloadbalancing:" + op;
    if (op.startsWith("Describe")) {
      out.add(AuthorizationRequest.of(action, "*"));
      return true;
    }
    for (String member : List.of("RuleArn", "ListenerArn", "TargetGroupArn", "LoadBalancerArn")) {
      if (in.hasNonNull(member)) {
        out.add(AuthorizationRequest.of(action, in.get(member).asText()));
        return true;
      }
    }
    return false;
  }

  // --- CloudWatch: metric calls have no resource type; alarms and dashboards would

  private static boolean cloudWatch(String op, List<AuthorizationRequest> out) {
    switch (op) {
      case "GetMetricData", "PutMetricData", "ListMetrics", "GetMetricStatistics" -> {
        out.add(AuthorizationRequest.of("cloudwatch:" + op, "*"));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  // --- Lambda: function:<name>[:<qualifier>]; Invoke is lambda:InvokeFunction

  private static boolean lambda(String op, JsonNode in, List<AuthorizationRequest> out) {
    if (in == null || !in.has("FunctionName")) {
      return false;
    }
    String name = in.get("FunctionName").asText();
    String arn = name.startsWith("arn:") ? name : LocalAws.arn("lambda", "function:" + name);
    if (in.hasNonNull("Qualifier")
        && !arn.substring(arn.indexOf(":function:") + 10).contains(":")) {
      arn = arn + ":" + in.get("Qualifier").asText();
    }
    String action = op.equals("Invoke") ? "lambda:InvokeFunction" : "lambda:" + op;
    out.add(AuthorizationRequest.of(action, arn));
    return true;
  }
}
