package dev.slipway.localcloud.ecs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Measures ECS on podman behind HAProxy through the SDK clients: task start → RUNNING → healthy in
 * the target group, rolling update seconds for 2 tasks (minimumHealthyPercent 100, maximumPercent
 * 200, health check every 1 s, 2 to become healthy, 2 s deregistration delay) and failed requests
 * during each roll under steady load. Run with {@code localcloud/scripts/bench-deploys}.
 */
public final class EcsDeployBench {
  private EcsDeployBench() {}

  /** Prints one line per measurement. */
  public static void main(String[] args) throws Exception {
    var state =
        Path.of(args.length > 0 ? args[0] : "localcloud/target/bench-deploys").toAbsolutePath();
    try (var fx = new EcsFixture(state)) {
      var endpoint = fx.loadBalancer("bench");
      fx.ecs.createCluster(b -> b.clusterName("bench"));
      var v1 = register(fx, fx.imageV1);
      var v2 = register(fx, fx.imageV2);
      var t0 = System.nanoTime();
      fx.ecs.createService(
          b ->
              b.cluster("bench")
                  .serviceName("svc")
                  .taskDefinition(v1)
                  .desiredCount(2)
                  .healthCheckGracePeriodSeconds(30)
                  .loadBalancers(
                      LoadBalancer.builder()
                          .targetGroupArn(endpoint.targetGroupArn())
                          .containerName("app")
                          .containerPort(8080)
                          .build())
                  .deploymentConfiguration(
                      c ->
                          c.minimumHealthyPercent(100)
                              .maximumPercent(200)
                              .deploymentCircuitBreaker(x -> x.enable(true).rollback(true))));
      awaitCompleted(fx);
      print("first deployment of 2 tasks (create → COMPLETED)", seconds(t0));
      startToHealthy(fx, endpoint.targetGroupArn());
      var url = URI.create("http://" + endpoint.dnsName() + "/");
      var rolls = new ArrayList<Double>();
      var images = List.of(v2, v1, v2);
      for (var td : images) {
        var load = new SteadyLoad(url, Duration.ofMillis(10));
        var t = System.nanoTime();
        fx.ecs.updateService(b -> b.cluster("bench").service("svc").taskDefinition(td));
        awaitCompleted(fx);
        var s = seconds(t);
        load.stop();
        rolls.add(s);
        print("rolling update, 2 tasks (UpdateService → COMPLETED)", s);
        System.out.printf(
            "%-58s %d of %d (%s)%n",
            "failed requests during the roll",
            load.failed.get(),
            load.ok.get() + load.failed.get(),
            load.bodies);
      }
      rolls.sort(Double::compare);
      print("rolling update, 2 tasks, median of " + rolls.size(), rolls.get(rolls.size() / 2));
    }
  }

  /** Task created → RUNNING (pull, start, register) and RUNNING → healthy, for each task. */
  private static void startToHealthy(EcsFixture fx, String tg) {
    var arns = fx.ecs.listTasks(b -> b.cluster("bench").serviceName("svc")).taskArns();
    for (var task : fx.ecs.describeTasks(b -> b.cluster("bench").tasks(arns)).tasks()) {
      var running = Duration.between(task.createdAt(), task.startedAt()).toMillis() / 1000.0;
      print("task created → RUNNING (container started, target registered)", running);
    }
    // one more task, timed from the outside: running, answering on its host port, healthy
    var before = java.util.Set.copyOf(arns);
    var t = System.nanoTime();
    fx.ecs.updateService(b -> b.cluster("bench").service("svc").desiredCount(3));
    software.amazon.awssdk.services.ecs.model.Task added = null;
    while (added == null || !added.lastStatus().equals("RUNNING")) {
      pause();
      var now = fx.ecs.listTasks(b -> b.cluster("bench").serviceName("svc")).taskArns();
      var fresh = now.stream().filter(a -> !before.contains(a)).toList();
      added =
          fresh.isEmpty()
              ? null
              : fx.ecs.describeTasks(b -> b.cluster("bench").tasks(fresh)).tasks().get(0);
    }
    print("scale-out task: UpdateService → RUNNING", seconds(t));
    var port = added.containers().get(0).networkBindings().get(0).hostPort();
    while (!answers(URI.create("http://127.0.0.1:" + port + "/ready"))) {
      pause();
    }
    print("scale-out task: UpdateService → first HTTP 200 on its port", seconds(t));
    while (healthy(fx, tg) < 3) {
      pause();
    }
    print("scale-out task: UpdateService → healthy in the target group", seconds(t));
    fx.ecs.updateService(b -> b.cluster("bench").service("svc").desiredCount(2));
    awaitCompleted(fx);
  }

  private static boolean answers(URI uri) {
    try {
      return java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long healthy(EcsFixture fx, String tg) {
    return fx
        .elb
        .describeTargetHealth(b -> b.targetGroupArn(tg))
        .targetHealthDescriptions()
        .stream()
        .filter(d -> d.targetHealth().state() == TargetHealthStateEnum.HEALTHY)
        .count();
  }

  private static String register(EcsFixture fx, String image) {
    return fx.ecs
        .registerTaskDefinition(
            b ->
                b.family("bench")
                    .containerDefinitions(
                        ContainerDefinition.builder()
                            .name("app")
                            .image(image)
                            .portMappings(PortMapping.builder().containerPort(8080).build())
                            .stopTimeout(5)
                            .build()))
        .taskDefinition()
        .taskDefinitionArn();
  }

  private static void awaitCompleted(EcsFixture fx) {
    var deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      var s = fx.ecs.describeServices(b -> b.cluster("bench").services("svc")).services().get(0);
      var d = s.deployments();
      if (d.size() == 1
          && d.get(0).rolloutState() == DeploymentRolloutState.COMPLETED
          && d.get(0).runningCount() == s.desiredCount()
          && d.get(0).pendingCount() == 0) {
        return;
      }
      pause();
    }
    throw new IllegalStateException("deployment did not complete within 3 minutes");
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void print(String what, double seconds) {
    System.out.printf("%-58s %.2f s%n", what, seconds);
  }
}
