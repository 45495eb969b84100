package dev.slipway.localcloud.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.cli.SynthesizedAssembly;
import dev.slipway.localcloud.deploy.CloudAssembly;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;
import dev.slipway.localcloud.server.LocalAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roles of the real synthesized template (infra's cloud assembly), one principal kind per test:
 * each function's role, the state machine's, the EventBridge rule's, the CodeBuild project's and an
 * ECS task execution role. Resources the policies name get the ARNs local mode's provisioners give
 * them.
 */
class TemplateRolesTest {
  static final String STATE_MACHINE = LocalAws.arn("states", "stateMachine:slipway-hello-pipeline");
  static Principals principals;
  static JsonNode template;
  static Map<String, Provisioned> deployed;
  static JsonNode definition;
  static final List<JsonNode> ruleTargets = new java.util.ArrayList<>();
  static final List<String> urlTargets = new java.util.ArrayList<>();
  static final FunctionPolicies functionPolicies = new FunctionPolicies();

  @BeforeAll
  static void deploy() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root"));
    CloudAssembly.Stack stack = CloudAssembly.read(SynthesizedAssembly.locate(root)).getFirst();
    template = stack.template();
    principals = new Principals();
    TemplateDeployer deployer = new TemplateDeployer();
    IamResources.register(deployer, principals, functionPolicies);
    // the ARN shapes of local mode's provisioners, without starting the services
    deployer.register(
        "AWS::DynamoDB::Table",
        r -> {
          String name = r.text("TableName", r.generatedName(255));
          return new Provisioned(name, Map.of("Arn", LocalAws.arn("dynamodb", "table/" + name)));
        });
    deployer.register(
        "AWS::ECR::Repository",
        r -> {
          String name = r.text("RepositoryName", r.generatedName(64));
          return new Provisioned(
              name,
              Map.of(
                  "Arn",
                  LocalAws.arn("ecr", "repository/" + name),
                  "RepositoryUri",
                  "127.0.0.1:4567/" + name));
        });
    deployer.register(
        "AWS::Lambda::Function",
        r -> {
          String name = r.text("FunctionName", r.generatedName(64));
          return new Provisioned(name, Map.of("Arn", LocalAws.arn("lambda", "function:" + name)));
        });
    deployer.register(
        "AWS::StepFunctions::StateMachine",
        r -> {
          String text =
              Files.readString(
                  r.assets()
                      .file(r.properties().path("DefinitionS3Location").path("Key").asText()));
          for (var sub : r.properties().path("DefinitionSubstitutions").properties()) {
            text = text.replace("${" + sub.getKey() + "}", sub.getValue().asText());
          }
          definition = Json.MAPPER.readTree(text);
          String arn = LocalAws.arn("states", "stateMachine:" + r.text("StateMachineName", "x"));
          return new Provisioned(arn, Map.of("Name", r.text("StateMachineName", "x")));
        });
    deployer.register(
        "AWS::Events::Rule",
        r -> {
          String name = r.text("Name", r.generatedName(64));
          String arn = LocalAws.arn("events", "rule/" + name);
          r.properties()
              .path("Targets")
              .forEach(t -> ruleTargets.add(((ObjectNode) t.deepCopy()).put("RuleArn", arn)));
          return new Provisioned(name, Map.of("Arn", arn));
        });
    deployer.register(
        "AWS::Lambda::Alias",
        r -> {
          String arn =
              LocalAws.arn(
                  "lambda", "function:" + r.text("FunctionName", "x") + ":" + r.text("Name", "x"));
          return new Provisioned(arn, Map.of("AliasArn", arn));
        });
    deployer.register(
        "AWS::Lambda::Url",
        r -> {
          String target = r.text("TargetFunctionArn", "");
          String qualifier = r.text("Qualifier", null);
          urlTargets.add(qualifier == null ? target : target + ":" + qualifier);
          return new Provisioned(target, Map.of("FunctionUrl", "http://x/"));
        });
    deployed = deployer.deploy(stack, line -> {}).resources();
  }

  static String roleArn(String logicalIdPrefix) {
    String id =
        deployed.keySet().stream()
            .filter(k -> k.startsWith(logicalIdPrefix))
            .filter(
                k ->
                    template
                        .path("Resources")
                        .path(k)
                        .path("Type")
                        .asText()
                        .equals("AWS::IAM::Role"))
            .findFirst()
            .orElseThrow();
    return Principals.roleArn(deployed.get(id).physicalId());
  }

  static String functionName(String logicalIdPrefix) {
    return deployed.entrySet().stream()
        .filter(e -> e.getKey().startsWith(logicalIdPrefix))
        .findFirst()
        .orElseThrow()
        .getValue()
        .physicalId();
  }

  static Optional<IamGate.Denial> call(String roleArn, String prefix, String op, String inputJson)
      throws Exception {
    IamGate gate =
        new IamGate(
            IamMode.AUDIT,
            principals,
            ResourceLookup.NONE,
            Path.of("target/iam-test-denials.log"),
            Clock.systemUTC());
    RequestActions.Mapped mapped =
        new RequestActions(
                new ResourceLookup() {
                  @Override
                  public Optional<String> stateMachineOfTaskToken(String token) {
                    return Optional.of(STATE_MACHINE);
                  }
                })
            .map(prefix, op, Json.MAPPER.readTree(inputJson));
    assertThat(mapped.mapped()).as(op + " is mapped").isTrue();
    return gate.evaluate(new Principals.Session(roleArn, "session"), mapped);
  }

  @Test
  void functionsRunWithTheirTemplateRole() {
    String prepare = functionName("HandlersPrepareFunction");
    assertThat(principals.roleOfFunction(prepare)).contains(roleArn("HandlersPrepareRole"));
    assertThat(roleArn("HandlersPrepareRole")).startsWith("arn:aws:iam::000000000000:role/");
    assertThat(principals.policiesOf(roleArn("HandlersPrepareRole")))
        .extracting(Policy::name)
        .anyMatch(n -> n.startsWith("HandlersPrepareRoleDefaultPolicy"));
  }

  @Test
  void smokeTestRoleIsDeniedGetMetricDataWithAwsMessage() throws Exception {
    Principals.Credentials creds =
        principals.credentials(
            roleArn("HandlersSmokeTestRole"), functionName("HandlersSmokeTestFunction"));
    Principals.Session session = principals.session(creds.accessKeyId()).orElseThrow();
    IamGate gate =
        new IamGate(
            IamMode.AUDIT, principals, ResourceLookup.NONE, Path.of("x"), Clock.systemUTC());
    Optional<IamGate.Denial> denial =
        gate.evaluate(
            session,
            new RequestActions(ResourceLookup.NONE)
                .map("cloudwatch", "GetMetricData", Json.MAPPER.createObjectNode()));
    assertThat(denial).isPresent();
    String role = roleArn("HandlersSmokeTestRole");
    assertThat(denial.get().message())
        .isEqualTo(
            "User: arn:aws:sts::000000000000:assumed-role/"
                + role.substring(role.lastIndexOf('/') + 1)
                + "/"
                + functionName("HandlersSmokeTestFunction")
                + " is not authorized to perform: cloudwatch:GetMetricData on resource: *"
                + " because no identity-based policy allows the cloudwatch:GetMetricData action");
  }

  @Test
  void prepareRoleIsAllowedItsCallsAndNothingMore() throws Exception {
    String role = roleArn("HandlersPrepareRole");
    String locks = tableName("DeploymentStoreLocks");
    String deployments = tableName("DeploymentStoreDeployments");
    assertThat(call(role, "dynamodb", "GetItem", "{\"TableName\":\"" + locks + "\"}")).isEmpty();
    assertThat(call(role, "dynamodb", "PutItem", "{\"TableName\":\"" + locks + "\"}")).isEmpty();
    assertThat(call(role, "dynamodb", "Query", "{\"TableName\":\"" + deployments + "\"}"))
        .isEmpty();
    assertThat(call(role, "ecr", "DescribeImages", "{\"repositoryName\":\"slipway/hello\"}"))
        .isEmpty();
    assertThat(
            call(
                role,
                "states",
                "DescribeExecution",
                "{\"executionArn\":\""
                    + LocalAws.arn("states", "execution:slipway-hello-pipeline:run-1")
                    + "\"}"))
        .isEmpty();
    assertThat(call(role, "states", "SendTaskFailure", "{\"taskToken\":\"t\"}")).isEmpty();
    // the deployments table is read-only for Prepare; SendTaskSuccess is not granted to it
    assertThat(call(role, "dynamodb", "PutItem", "{\"TableName\":\"" + deployments + "\"}"))
        .hasValueSatisfying(
            d -> assertThat(d.decision().outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY));
    assertThat(call(role, "states", "SendTaskSuccess", "{\"taskToken\":\"t\"}")).isPresent();
  }

  @Test
  void deployServiceMayPassOnlyTheTaskRolesToEcsTasks() throws Exception {
    String role = roleArn("HandlersDeployServiceRole");
    String taskRole = roleArn("EnvstagingTaskDefinitionTaskRole");
    String execRole = roleArn("EnvstagingTaskDefinitionExecutionRole");
    assertThat(
            call(
                role,
                "ecs",
                "RegisterTaskDefinition",
                "{\"family\":\"f\",\"taskRoleArn\":\""
                    + taskRole
                    + "\",\"executionRoleArn\":\""
                    + execRole
                    + "\"}"))
        .isEmpty();
    assertThat(
            call(
                role,
                "ecs",
                "RegisterTaskDefinition",
                "{\"family\":\"f\",\"taskRoleArn\":\"" + roleArn("HandlersPrepareRole") + "\"}"))
        .hasValueSatisfying(d -> assertThat(d.request().action()).isEqualTo("iam:PassRole"));
  }

  @Test
  void stateMachineRoleInvokesThePipelineFunctions() throws Exception {
    String role = roleArn("PipelineStateMachineRole");
    assertThat(
            call(
                role,
                "lambda",
                "Invoke",
                "{\"FunctionName\":\"" + functionName("HandlersPrepareFunction") + "\"}"))
        .isEmpty();
    assertThat(call(role, "lambda", "Invoke", "{\"FunctionName\":\"some-other-function\"}"))
        .isPresent();
  }

  /**
   * Every Task of the synthesized pipeline definition is a call the state machine's role may make:
   * the pipeline runs with no denial. A Task of another kind fails here until its permission is
   * checked too.
   */
  @Test
  void stateMachineRoleMayMakeEveryTaskCallOfThePipeline() throws Exception {
    String role = roleArn("PipelineStateMachineRole");
    List<JsonNode> tasks = new java.util.ArrayList<>();
    collectTasks(definition.path("States"), tasks);
    assertThat(tasks).hasSizeGreaterThan(20);
    for (JsonNode task : tasks) {
      assertThat(task.path("Resource").asText())
          .isIn(
              "arn:aws:states:::lambda:invoke", "arn:aws:states:::lambda:invoke.waitForTaskToken");
      JsonNode args = task.has("Arguments") ? task.get("Arguments") : task.path("Parameters");
      String function = args.path("FunctionName").asText();
      assertThat(function).startsWith("arn:aws:lambda:us-east-1:000000000000:function:");
      assertThat(
              call(
                  role,
                  "lambda",
                  "Invoke",
                  Json.MAPPER.createObjectNode().put("FunctionName", function).toString()))
          .as("lambda:InvokeFunction on " + function)
          .isEmpty();
    }
  }

  private static void collectTasks(JsonNode states, List<JsonNode> out) {
    for (JsonNode state : (Iterable<JsonNode>) states::elements) {
      if (state.path("Type").asText().equals("Task")) {
        out.add(state);
      }
      state.path("Branches").forEach(b -> collectTasks(b.path("States"), out));
      collectTasks(state.path("ItemProcessor").path("States"), out);
      collectTasks(state.path("Iterator").path("States"), out);
    }
  }

  /** Every rule target with a role may be called with it: each push and rollback starts a run. */
  @Test
  void everyRuleTargetsRoleMayStartItsStateMachine() throws Exception {
    List<JsonNode> withRole = ruleTargets.stream().filter(t -> t.has("RoleArn")).toList();
    assertThat(withRole).hasSize(2);
    for (JsonNode target : withRole) {
      assertThat(
              call(
                  target.path("RoleArn").asText(),
                  "states",
                  "StartExecution",
                  Json.MAPPER
                      .createObjectNode()
                      .put("stateMachineArn", target.path("Arn").asText())
                      .toString()))
          .as("states:StartExecution on " + target.path("Arn").asText())
          .isEmpty();
    }
  }

  /** Rule targets without a role are functions whose policies let EventBridge invoke them. */
  @Test
  void everyFunctionTargetsPolicyLetsItsRuleInvokeIt(@TempDir Path dir) throws Exception {
    List<JsonNode> functions = ruleTargets.stream().filter(t -> !t.has("RoleArn")).toList();
    assertThat(functions).hasSize(2);
    IamGate gate = gate(dir);
    for (JsonNode target : functions) {
      AuthorizationRequest request =
          AuthorizationRequest.of("lambda:InvokeFunction", target.path("Arn").asText())
              .with("aws:SourceArn", target.path("RuleArn").asText())
              .with("aws:SourceAccount", LocalAws.ACCOUNT_ID);
      assertThat(gate.authorizeFunctionCall("events.amazonaws.com", request, "m"))
          .as("events.amazonaws.com invoking " + target.path("Arn").asText())
          .isEmpty();
      // another rule's events are not allowed in
      assertThat(
              gate.authorizeFunctionCall(
                  "events.amazonaws.com",
                  request.with("aws:SourceArn", LocalAws.arn("events", "rule/other")),
                  "m"))
          .isPresent();
    }
  }

  /** Both function URLs (the webhook's live alias, the approval links) are public. */
  @Test
  void functionUrlsArePublicAsTheirPoliciesGrant(@TempDir Path dir) throws Exception {
    assertThat(urlTargets).hasSize(2);
    IamGate gate = gate(dir);
    for (String target : urlTargets) {
      assertThat(gate.functionUrlAllowed(target)).as("URL of " + target).isTrue();
    }
    // the webhook's policy is on its alias: the unqualified function grants nothing
    String webhook = urlTargets.stream().filter(t -> t.endsWith(":live")).findFirst().orElseThrow();
    functionPolicies.functionUrl(webhook.replace(":live", ""), "NONE");
    assertThat(gate.functionUrlAllowed(webhook.replace(":live", ""))).isFalse();
  }

  static IamGate gate(Path dir) {
    return new IamGate(
        IamMode.ENFORCE,
        principals,
        functionPolicies,
        ResourceLookup.NONE,
        dir.resolve("denials.log"),
        Clock.systemUTC());
  }

  @Test
  void eventBridgeRoleStartsThePipelineOnly() throws Exception {
    String role = roleArn("PipelineStateMachineEventsRole");
    assertThat(
            call(
                role,
                "states",
                "StartExecution",
                "{\"stateMachineArn\":\"" + STATE_MACHINE + "\"}"))
        .isEmpty();
    assertThat(
            call(
                role,
                "states",
                "StopExecution",
                "{\"executionArn\":\""
                    + STATE_MACHINE.replace("stateMachine", "execution")
                    + ":x\"}"))
        .isPresent();
  }

  @Test
  void codeBuildRolePushesToTheRepository() throws Exception {
    String role = roleArn("BuildProjectRole");
    assertThat(call(role, "ecr", "GetAuthorizationToken", "{}")).isEmpty();
    assertThat(call(role, "ecr", "PutImage", "{\"repositoryName\":\"slipway/hello\"}")).isEmpty();
    assertThat(call(role, "ecr", "PutImage", "{\"repositoryName\":\"other\"}")).isPresent();
  }

  @Test
  void taskExecutionRolePullsButDoesNotPush() throws Exception {
    String role = roleArn("EnvstagingTaskDefinitionExecutionRole");
    assertThat(call(role, "ecr", "BatchGetImage", "{\"repositoryName\":\"slipway/hello\"}"))
        .isEmpty();
    assertThat(call(role, "ecr", "PutImage", "{\"repositoryName\":\"slipway/hello\"}")).isPresent();
  }

  @Test
  void enforceAnswersAccessDeniedInEachProtocol(@TempDir Path dir) throws Exception {
    String role = roleArn("HandlersSmokeTestRole");
    Principals.Credentials creds = principals.credentials(role, "smoke");
    IamGate gate =
        new IamGate(
            IamMode.ENFORCE,
            principals,
            ResourceLookup.NONE,
            dir.resolve("d.log"),
            Clock.systemUTC());
    String auth =
        "AWS4-HMAC-SHA256 Credential="
            + creds.accessKeyId()
            + "/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x";
    WireRequest json =
        new WireRequest(
            "POST",
            "/",
            "",
            Map.of(
                "Authorization", List.of(auth),
                "X-Amz-Target", List.of("DynamoDB_20120810.GetItem")),
            "{\"TableName\":\"t\"}".getBytes(StandardCharsets.UTF_8));
    WireResponse r = gate.check(ServiceDescriptor.dynamoDb(new Dynamo()), json);
    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(400);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.path("__type").asText()).endsWith("AccessDeniedException");
    assertThat(body.path("message").asText())
        .startsWith("User: arn:aws:sts::000000000000:assumed-role/")
        .endsWith(
            "is not authorized to perform: dynamodb:GetItem on resource: "
                + LocalAws.arn("dynamodb", "table/t")
                + " because no identity-based policy allows the dynamodb:GetItem action");
    WireRequest query =
        new WireRequest(
            "POST",
            "/",
            "",
            Map.of(
                "Authorization", List.of(auth.replace("/dynamodb/", "/sns/")),
                "Content-Type", List.of("application/x-www-form-urlencoded")),
            ("Action=Publish&TopicArn=" + LocalAws.arn("sns", "t") + "&Message=m")
                .getBytes(StandardCharsets.UTF_8));
    WireResponse x = gate.check(ServiceDescriptor.sns(new Sns()), query);
    assertThat(x.status()).isEqualTo(403);
    assertThat(new String(x.body(), StandardCharsets.UTF_8))
        .contains("<ErrorResponse")
        .contains("<Code>AuthorizationError</Code>")
        .contains("is not authorized to perform: sns:Publish on resource: ");
    List<String> lines = Files.readAllLines(dir.resolve("d.log"));
    assertThat(lines).hasSize(2);
    assertThat(Json.MAPPER.readTree(lines.getFirst()).path("action").asText())
        .isEqualTo("dynamodb:GetItem");
    // an administrator (no role key) is never evaluated
    WireRequest admin =
        new WireRequest(
            "POST",
            "/",
            "",
            Map.of(
                "Authorization", List.of(auth.replace(creds.accessKeyId(), "local")),
                "X-Amz-Target", List.of("DynamoDB_20120810.GetItem")),
            "{\"TableName\":\"t\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(gate.check(ServiceDescriptor.dynamoDb(new Dynamo()), admin)).isNull();
    IamGate audit =
        new IamGate(
            IamMode.AUDIT,
            principals,
            ResourceLookup.NONE,
            dir.resolve("a.log"),
            Clock.systemUTC());
    assertThat(audit.check(ServiceDescriptor.dynamoDb(new Dynamo()), json)).isNull();
    assertThat(Files.readAllLines(dir.resolve("a.log"))).hasSize(1);
  }

  /** Stand-in services: the gate answers before they are reached. */
  public static final class Dynamo {
    public software.amazon.awssdk.services.dynamodb.model.GetItemResponse getItem(
        software.amazon.awssdk.services.dynamodb.model.GetItemRequest r) {
      throw new AssertionError("denied requests are not dispatched");
    }
  }

  /** Stand-in SNS. */
  public static final class Sns {
    public software.amazon.awssdk.services.sns.model.PublishResponse publish(
        software.amazon.awssdk.services.sns.model.PublishRequest r) {
      throw new AssertionError("denied requests are not dispatched");
    }
  }

  static String tableName(String logicalIdPrefix) {
    return functionName(logicalIdPrefix);
  }
}
