package dev.slipway.infra;

import static dev.slipway.infra.Handler.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Least privilege, handler by handler: each statement lists the API actions the handler calls and
 * the resources it calls them on. {@code "*"} appears only for APIs that have no resource-level
 * permissions (ECS task definitions, ELB describe calls, CloudWatch metric data, ECR
 * authorization); {@link SlipwayStack} suppresses exactly those cdk-nag findings, with the reason.
 */
final class FunctionPermissions {
  /** Task-token callbacks: allowed on the pipeline state machine only. */
  static final List<String> TASK_RESPONSE =
      List.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat");

  private static final List<String> TABLE_READ =
      List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem");
  private static final List<String> TABLE_WRITE =
      List.of(
          "dynamodb:GetItem",
          "dynamodb:Query",
          "dynamodb:ConditionCheckItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem");

  private final PipelineFunctions.Props p;
  private final Map<Handler, HandlerFunction> f;

  FunctionPermissions(PipelineFunctions.Props props, Map<Handler, HandlerFunction> functions) {
    this.p = props;
    this.f = functions;
  }

  void apply() {
    ingress();
    preparation();
    build();
    deployment();
    announcements();
  }

  /** ReceiveWebhook and Approve: the two public endpoints. */
  private void ingress() {
    var store = p.store();
    f.get(RECEIVE_WEBHOOK)
        .allow(List.of("secretsmanager:GetSecretValue"), List.of(p.webhookSecret().getSecretArn()));
    f.get(RECEIVE_WEBHOOK)
        .allow(
            List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem"),
            arns(store.deliveries()));
    f.get(RECEIVE_WEBHOOK).allow(List.of("events:PutEvents"), List.of(p.bus().getEventBusArn()));
    f.get(RECEIVE_WEBHOOK).allow(List.of("dynamodb:PutItem"), arns(store.locks()));

    f.get(APPROVE)
        .allow(
            List.of("secretsmanager:GetSecretValue"), List.of(p.approvalSecret().getSecretArn()));
    f.get(APPROVE)
        .allow(List.of("states:SendTaskSuccess", "states:SendTaskFailure"), List.of(sm()));
    // an answered approval is deleted on the condition its nonce still matches (single use)
    f.get(APPROVE).allow(TABLE_WRITE, arns(store.locks()));
  }

  private void preparation() {
    f.get(PREPARE).allow(TABLE_WRITE, arns(p.store().locks()));
    f.get(PREPARE).allow(List.of("ecr:DescribeImages"), List.of(p.images().getRepositoryArn()));
    f.get(PREPARE).allow(TABLE_READ, arns(p.store().deployments()));
    // a newer push withdraws the pending approval of the run it supersedes
    f.get(PREPARE).allow(List.of("states:SendTaskFailure"), List.of(sm()));
    f.get(PREPARE).allow(List.of("states:ListExecutions"), List.of(sm()));
    f.get(PREPARE).allow(List.of("states:DescribeExecution"), List.of(executionArns()));
  }

  private void build() {
    String project = p.buildProject().getProjectArn();
    f.get(START_BUILD)
        .allow(
            List.of(
                "codebuild:StartBuild",
                "codebuild:BatchGetBuilds",
                "codebuild:ListBuildsForProject"),
            List.of(project));
    f.get(ON_BUILD_STATE_CHANGE)
        .allow(
            List.of("codebuild:BatchGetBuilds", "codebuild:ListBuildsForProject"),
            List.of(project));
    f.get(ON_BUILD_STATE_CHANGE).allow(TASK_RESPONSE, List.of(sm()));
    // a commit whose image is in ECR already is deployed again without a build
    f.get(START_BUILD).allow(List.of("ecr:DescribeImages"), List.of(p.images().getRepositoryArn()));
    f.get(START_BUILD).allow(List.of("states:SendTaskSuccess"), List.of(sm()));
    // "Build image"'s task token waits in the locks table under the execution name
    f.get(START_BUILD).allow(TABLE_WRITE, arns(p.store().locks()));
    f.get(ON_BUILD_STATE_CHANGE).allow(TABLE_WRITE, arns(p.store().locks()));
    f.get(VERIFY_IMAGE)
        .allow(
            List.of(
                "ecr:DescribeImages",
                "ecr:DescribeImageScanFindings",
                "ecr:BatchGetImage",
                "ecr:ListImages"),
            List.of(p.images().getRepositoryArn()));
  }

  private void deployment() {
    var store = p.store();
    deployer(DEPLOY_SERVICE, true);
    deployer(ROLLBACK, true);
    deployer(SHIFT_TRAFFIC, false);
    // the X-Slipway-Test value that opens the test listeners
    f.get(SMOKE_TEST)
        .allow(
            List.of("secretsmanager:GetSecretValue"),
            List.of(p.testListenerSecret().getSecretArn()));
    for (Handler h : List.of(DEPLOY_SERVICE, ROLLBACK, ON_DEPLOYMENT_STATE_CHANGE)) {
      f.get(h).allow(TABLE_WRITE, arns(store.locks()));
      f.get(h).allow(TABLE_READ, arns(store.deployments()));
      f.get(h).allow(TASK_RESPONSE, List.of(sm()));
      stoppedTaskReasons(f.get(h));
    }
    f.get(ON_DEPLOYMENT_STATE_CHANGE)
        .allow(
            List.of(
                "ecs:DescribeServices",
                "ecs:ListServiceDeployments",
                "ecs:DescribeServiceDeployments"),
            serviceAndDeploymentArns());
    // which service runs the canary revision decides which target group is the canary
    f.get(ANALYZE_CANARY)
        .allow(
            List.of(
                "ecs:DescribeServices",
                "ecs:ListServiceDeployments",
                "ecs:DescribeServiceDeployments"),
            serviceAndDeploymentArns());
    // CloudWatch GetMetricData and ECS DescribeTaskDefinition (which commit each group runs, for
    // the dimensions of custom metric checks) have no resource-level permissions
    f.get(ANALYZE_CANARY)
        .allow(List.of("cloudwatch:GetMetricData", "ecs:DescribeTaskDefinition"), List.of("*"));
    // the steps that write nothing there read a run's cancel request (`slipway cancel`)
    for (Handler h : List.of(VERIFY_IMAGE, SMOKE_TEST, ANALYZE_CANARY, SHIFT_TRAFFIC)) {
      f.get(h).allow(List.of("dynamodb:GetItem"), arns(store.locks()));
    }
    f.get(RECORD_DEPLOYMENT).allow(TABLE_WRITE, arns(store.deployments()));
    f.get(RECORD_DEPLOYMENT).allow(TABLE_WRITE, arns(store.locks()));
  }

  private void announcements() {
    f.get(NOTIFY).allow(List.of("sns:Publish"), List.of(p.topic().getTopicArn()));
    var secrets = new ArrayList<>(List.of(p.approvalSecret().getSecretArn()));
    if (p.slackWebhook() != null) {
      secrets.add(p.slackWebhook().getSecretArn());
    }
    f.get(NOTIFY).allow(List.of("secretsmanager:GetSecretValue"), secrets);
    // the pending approval's task token is kept in the locks table
    f.get(NOTIFY).allow(TABLE_WRITE, arns(p.store().locks()));
  }

  private String sm() {
    return p.stateMachineArn();
  }

  /** ECS and load balancer permissions of the handlers that move versions and traffic. */
  private void deployer(Handler handler, boolean registersRevisions) {
    HandlerFunction fn = f.get(handler);
    fn.allow(
        List.of(
            "ecs:DescribeServices",
            "ecs:UpdateService",
            "ecs:ListServiceDeployments",
            "ecs:DescribeServiceDeployments"),
        serviceAndDeploymentArns());
    // ELB Describe* and ECS task definition calls have no resource-level permissions
    fn.allow(
        List.of(
            "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetHealth",
            "ecs:DescribeTaskDefinition",
            "ecs:ListTaskDefinitions"),
        List.of("*"));
    var listeners = new ArrayList<String>();
    var rules = new ArrayList<String>();
    for (ServiceEnvironment env : p.environments()) {
      for (ApplicationListener l : List.of(env.listener(), env.testListener())) {
        listeners.add(l.getListenerArn());
      }
      rules.add(env.rule().getListenerRuleArn());
      rules.add(env.testRule().getListenerRuleArn());
    }
    fn.allow(List.of("elasticloadbalancing:ModifyRule"), rules);
    fn.allow(List.of("elasticloadbalancing:ModifyListener"), listeners);
    if (registersRevisions) {
      fn.allow(List.of("ecs:RegisterTaskDefinition", "ecs:TagResource"), List.of("*"));
      var roles = new ArrayList<String>();
      for (ServiceEnvironment env : p.environments()) {
        roles.add(env.taskDefinition().getTaskRole().getRoleArn());
        roles.add(env.taskDefinition().obtainExecutionRole().getRoleArn());
      }
      fn.grantee()
          .getGrantPrincipal()
          .addToPrincipalPolicy(
              PolicyStatement.Builder.create()
                  .actions(List.of("iam:PassRole"))
                  .resources(roles)
                  .conditions(
                      Map.of(
                          "StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                  .build());
    }
  }

  /**
   * Why a failed deployment's tasks stopped goes into the failure cause: ListTasks (no resource
   * level; scoped by its cluster condition) and DescribeTasks on the pipeline's clusters' tasks.
   */
  private void stoppedTaskReasons(HandlerFunction fn) {
    Stack stack = Stack.of(p.bus());
    var clusters = new ArrayList<String>();
    var tasks = new ArrayList<String>();
    for (ServiceEnvironment env : p.environments()) {
      clusters.add(env.cluster().getClusterArn());
      tasks.add(
          stack.formatArn(
              ArnComponents.builder()
                  .service("ecs")
                  .resource("task")
                  .resourceName(env.cluster().getClusterName() + "/*")
                  .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                  .build()));
    }
    fn.grantee()
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("ecs:ListTasks"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", clusters)))
                .build());
    fn.allow(List.of("ecs:DescribeTasks"), tasks);
  }

  /** Every ECS service of the pipeline, and their service deployments. */
  private List<String> serviceAndDeploymentArns() {
    var arns = new ArrayList<String>();
    Stack stack = Stack.of(p.bus());
    for (ServiceEnvironment env : p.environments()) {
      for (FargateService service : env.services()) {
        arns.add(service.getServiceArn());
        arns.add(
            stack.formatArn(
                ArnComponents.builder()
                    .service("ecs")
                    .resource("service-deployment")
                    .resourceName(
                        env.cluster().getClusterName() + "/" + service.getServiceName() + "/*")
                    .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                    .build()));
      }
    }
    return arns;
  }

  private String executionArns() {
    String name = p.stateMachineName();
    return Stack.of(p.bus())
        .formatArn(
            ArnComponents.builder()
                .service("states")
                .resource("execution")
                .resourceName(name + ":*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
  }

  private static List<String> arns(ITable table) {
    return List.of(table.getTableArn());
  }
}
