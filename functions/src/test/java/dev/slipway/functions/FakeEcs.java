package dev.slipway.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/**
 * ECS as the deploy steps see it: task definition families with revisions, services with a PRIMARY
 * deployment per update (IN_PROGRESS until a test completes it).
 */
final class FakeEcs implements EcsClient {
  final Map<String, List<TaskDefinition>> families = new HashMap<>();
  final Map<String, TaskDefinition> byArn = new HashMap<>();
  final Map<String, Service> services = new HashMap<>();
  final List<String> calls = new ArrayList<>();
  final List<Task> stoppedTasks = new ArrayList<>();
  private int deploymentCounter = 1000;

  @Override
  public String serviceName() {
    return "ecs";
  }

  @Override
  public void close() {}

  /** Registers a bootstrap revision, as the CDK app does. */
  String bootstrap(String family, String image, String version) {
    var environment = new ArrayList<KeyValuePair>();
    if (version != null) {
      environment.add(KeyValuePair.builder().name("SLIPWAY_VERSION").value(version).build());
    }
    return register(
        RegisterTaskDefinitionRequest.builder()
            .family(family)
            .networkMode("awsvpc")
            .cpu("256")
            .memory("512")
            .requiresCompatibilitiesWithStrings("FARGATE")
            .containerDefinitions(
                ContainerDefinition.builder()
                    .name("app")
                    .image(image)
                    .essential(true)
                    .environment(environment)
                    .build())
            .build());
  }

  /** A service running {@code taskDefinition} with one COMPLETED deployment. */
  void service(String name, String taskDefinition, int desired) {
    String id = "ecs-svc/" + (deploymentCounter++);
    services.put(
        name,
        Service.builder()
            .serviceName(name)
            .taskDefinition(taskDefinition)
            .desiredCount(desired)
            .deployments(
                Deployment.builder()
                    .id(id)
                    .status("PRIMARY")
                    .taskDefinition(taskDefinition)
                    .rolloutState(DeploymentRolloutState.COMPLETED)
                    .build())
            .build());
  }

  /** Moves the service's PRIMARY deployment to {@code state}. */
  void finish(String service, DeploymentRolloutState state, String reason) {
    Service s = services.get(service);
    List<Deployment> deployments = new ArrayList<>();
    for (Deployment d : s.deployments()) {
      deployments.add(
          "PRIMARY".equals(d.status())
              ? d.toBuilder().rolloutState(state).rolloutStateReason(reason).build()
              : d);
    }
    services.put(service, s.toBuilder().deployments(deployments).build());
  }

  String primaryDeployment(String service) {
    return services.get(service).deployments().stream()
        .filter(d -> "PRIMARY".equals(d.status()))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private String register(RegisterTaskDefinitionRequest request) {
    var revisions = families.computeIfAbsent(request.family(), f -> new ArrayList<>());
    int revision = revisions.size() + 1;
    String arn =
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + request.family() + ":" + revision;
    TaskDefinition definition =
        TaskDefinition.builder()
            .taskDefinitionArn(arn)
            .family(request.family())
            .revision(revision)
            .containerDefinitions(request.containerDefinitions())
            .networkMode(request.networkModeAsString())
            .cpu(request.cpu())
            .memory(request.memory())
            .requiresCompatibilitiesWithStrings(request.requiresCompatibilitiesAsStrings())
            .build();
    revisions.add(definition);
    byArn.put(arn, definition);
    return arn;
  }

  @Override
  public RegisterTaskDefinitionResponse registerTaskDefinition(
      RegisterTaskDefinitionRequest request) {
    calls.add("RegisterTaskDefinition " + request.family());
    String arn = register(request);
    return RegisterTaskDefinitionResponse.builder().taskDefinition(byArn.get(arn)).build();
  }

  @Override
  public DescribeTaskDefinitionResponse describeTaskDefinition(
      DescribeTaskDefinitionRequest request) {
    String name = request.taskDefinition();
    TaskDefinition definition =
        byArn.containsKey(name) ? byArn.get(name) : families.get(name).getLast();
    return DescribeTaskDefinitionResponse.builder().taskDefinition(definition).build();
  }

  @Override
  public DescribeServicesResponse describeServices(DescribeServicesRequest request) {
    List<Service> found = new ArrayList<>();
    for (String name : request.services()) {
      if (services.containsKey(name)) {
        found.add(services.get(name));
      }
    }
    return DescribeServicesResponse.builder().services(found).build();
  }

  @Override
  public UpdateServiceResponse updateService(UpdateServiceRequest request) {
    calls.add(
        "UpdateService "
            + request.service()
            + " "
            + request.taskDefinition()
            + " x"
            + request.desiredCount());
    Service s = services.get(request.service());
    Service.Builder updated = s.toBuilder();
    if (request.desiredCount() != null) {
      updated.desiredCount(request.desiredCount());
    }
    if (request.taskDefinition() != null) {
      List<Deployment> deployments = new ArrayList<>();
      for (Deployment d : s.deployments()) {
        if ("PRIMARY".equals(d.status())) {
          deployments.add(d.toBuilder().status("ACTIVE").build());
        }
      }
      deployments.addFirst(
          Deployment.builder()
              .id("ecs-svc/" + (deploymentCounter++))
              .status("PRIMARY")
              .taskDefinition(request.taskDefinition())
              .rolloutState(DeploymentRolloutState.IN_PROGRESS)
              .build());
      updated.taskDefinition(request.taskDefinition()).deployments(deployments);
    }
    services.put(request.service(), updated.build());
    return UpdateServiceResponse.builder().service(services.get(request.service())).build();
  }

  /** A stopped task of {@code deploymentId}: its reason and its container's exit code. */
  void stopped(String deploymentId, String reason, Integer exitCode) {
    stoppedTasks.add(
        Task.builder()
            .taskArn("arn:aws:ecs:eu-west-1:123456789012:task/c/" + stoppedTasks.size())
            .startedBy(deploymentId)
            .lastStatus("STOPPED")
            .stoppedReason(reason)
            .containers(Container.builder().name("app").exitCode(exitCode).build())
            .build());
  }

  @Override
  public ListTasksResponse listTasks(ListTasksRequest request) {
    calls.add("ListTasks " + request.serviceName() + " " + request.desiredStatusAsString());
    List<String> arns =
        request.desiredStatus() == DesiredStatus.STOPPED
            ? stoppedTasks.stream().map(Task::taskArn).toList()
            : List.of();
    return ListTasksResponse.builder().taskArns(arns).build();
  }

  @Override
  public DescribeTasksResponse describeTasks(DescribeTasksRequest request) {
    return DescribeTasksResponse.builder()
        .tasks(stoppedTasks.stream().filter(t -> request.tasks().contains(t.taskArn())).toList())
        .build();
  }
}
