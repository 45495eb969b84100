package dev.slipway.localcloud.elbv2;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.cloudwatch.LocalCloudWatch;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.PortBlock;
import dev.slipway.localcloud.server.StateDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.*;

/**
 * ELBv2 on a real HAProxy with in-test HTTP targets on 127.0.0.1, driven through the SDK's ELBv2
 * client on the local endpoint; target group metrics go to local CloudWatch and are read back with
 * GetMetricData.
 */
class Elbv2ServiceIT {
  // a free block below the ephemeral range: a fixed port collides with other runs and connections
  private static final int BASE_PORT = PortBlock.find();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LocalCloudServer server;
  private StateDatabase db;
  private Elbv2Service service;
  private ElasticLoadBalancingV2Client elb;
  private CloudWatchClient cloudWatch;
  private Backend blue;
  private Backend green;

  @BeforeEach
  void start() throws Exception {
    var dbFile = Files.createTempFile("elbv2-it", ".db");
    Files.delete(dbFile);
    db = new StateDatabase(dbFile);
    server = LocalCloudServer.start(0);
    server.register(ServiceDescriptor.cloudWatch(new LocalCloudWatch(db, Clock.systemUTC())));
    cloudWatch = client(CloudWatchClient.builder(), server.endpoint());
    service =
        new Elbv2Service(stateDir(), BASE_PORT, cloudWatch::putMetricData, Duration.ofHours(1));
    server.register(ServiceDescriptor.elbv2(service));
    elb = client(ElasticLoadBalancingV2Client.builder(), server.endpoint());
    blue = new Backend("blue");
    green = new Backend("green");
  }

  @AfterEach
  void stop() {
    service.close();
    elb.close();
    cloudWatch.close();
    server.close();
    db.close();
    blue.close();
    green.close();
  }

  static Path stateDir() {
    return Path.of("target", "elbv2-it").toAbsolutePath();
  }

  @Test
  void shiftsWeightsWithoutDroppingRequestsAndMetricsShowTheSplit() throws Exception {
    var lb = elb.createLoadBalancer(b -> b.name("web")).loadBalancers().get(0);
    var blueTg = targetGroup("web-blue", blue.port());
    var greenTg = targetGroup("web-green", green.port());
    var listener =
        elb.createListener(
                CreateListenerRequest.builder()
                    .loadBalancerArn(lb.loadBalancerArn())
                    .port(80)
                    .protocol(ProtocolEnum.HTTP)
                    .defaultActions(forward(blueTg, 100, greenTg, 0))
                    .build())
            .listeners()
            .get(0);
    assertThat(lb.dnsName()).isEqualTo("127.0.0.1:" + BASE_PORT);
    assertThat(service.localPort(listener.listenerArn())).isEqualTo(BASE_PORT);
    awaitHealthy(blueTg);
    awaitHealthy(greenTg);

    var failures = new AtomicInteger();
    var running = new AtomicBoolean(true);
    var background = Thread.ofVirtual().start(() -> load(running, failures));
    try {
      var split0 = measure(listener, blueTg, greenTg, lb, 100, 0);
      // the background load may have one request in flight across a switch: allow that, no more
      assertThat(split0.greenShare()).isLessThan(0.003);
      var split5 = measure(listener, blueTg, greenTg, lb, 95, 5);
      assertThat(split5.greenShare()).isBetween(0.04, 0.06);
      var split100 = measure(listener, blueTg, greenTg, lb, 0, 100);
      assertThat(split100.greenShare()).isGreaterThan(0.997);
    } finally {
      running.set(false);
      background.join();
    }
    assertThat(failures.get()).as("failed requests while shifting").isZero();
    var rules = elb.describeRules(b -> b.listenerArn(listener.listenerArn())).rules();
    assertThat(rules).singleElement().satisfies(r -> assertThat(r.isDefault()).isTrue());
    assertThat(rules.get(0).actions().get(0).forwardConfig().targetGroups())
        .extracting(TargetGroupTuple::weight)
        .containsExactly(0, 100);
  }

  record Split(double blue, double green) {
    double greenShare() {
      return green / (blue + green);
    }
  }

  private Split measure(
      Listener listener,
      TargetGroup blueTg,
      TargetGroup greenTg,
      LoadBalancer lb,
      int blueWeight,
      int greenWeight)
      throws Exception {
    elb.modifyListener(
        ModifyListenerRequest.builder()
            .listenerArn(listener.listenerArn())
            .defaultActions(forward(blueTg, blueWeight, greenTg, greenWeight))
            .build());
    // RequestCount has one datapoint per minute, so a phase is the difference of the totals so far
    var lbName = lb.loadBalancerArn().substring(lb.loadBalancerArn().indexOf("app/"));
    service.flushMetrics();
    var since = Instant.now().minusSeconds(3000);
    var beforeBlue = requestCount(blueTg, lbName, since, Instant.now().plusSeconds(1));
    var beforeGreen = requestCount(greenTg, lbName, since, Instant.now().plusSeconds(1));
    for (int i = 0; i < 1000; i++) {
      assertThat(get("/").statusCode()).isEqualTo(200);
    }
    service.flushMetrics();
    var to = Instant.now().plusSeconds(1);
    var split =
        new Split(
            requestCount(blueTg, lbName, since, to) - beforeBlue,
            requestCount(greenTg, lbName, since, to) - beforeGreen);
    System.out.printf(
        "weights %d/%d: RequestCount blue %.0f, green %.0f (green %.1f %%)%n",
        blueWeight, greenWeight, split.blue(), split.green(), 100 * split.greenShare());
    return split;
  }

  /** RequestCount (Sum) of one target group between two instants, from CloudWatch. */
  private double requestCount(TargetGroup tg, String lbName, Instant from, Instant to) {
    var tgName = tg.targetGroupArn().substring(tg.targetGroupArn().indexOf("targetgroup/"));
    var result =
        cloudWatch.getMetricData(
            GetMetricDataRequest.builder()
                .startTime(from)
                .endTime(to)
                .metricDataQueries(
                    MetricDataQuery.builder()
                        .id("requests")
                        .metricStat(
                            MetricStat.builder()
                                .stat("Sum")
                                .period(3600)
                                .metric(
                                    Metric.builder()
                                        .namespace("AWS/ApplicationELB")
                                        .metricName("RequestCount")
                                        .dimensions(
                                            Dimension.builder()
                                                .name("TargetGroup")
                                                .value(tgName)
                                                .build(),
                                            Dimension.builder()
                                                .name("LoadBalancer")
                                                .value(lbName)
                                                .build())
                                        .build())
                                .build())
                        .build())
                .build());
    return result.metricDataResults().get(0).values().stream()
        .mapToDouble(Double::doubleValue)
        .sum();
  }

  /** Background traffic through the listener while weights move: any non-200 is a failure. */
  private void load(AtomicBoolean running, AtomicInteger failures) {
    while (running.get()) {
      try {
        if (get("/").statusCode() != 200) {
          failures.incrementAndGet();
        }
      } catch (Exception e) {
        failures.incrementAndGet();
      }
    }
  }

  @Test
  void switchingAListenerToAnotherTargetGroupDropsNoRequest() throws Exception {
    var lb = elb.createLoadBalancer(b -> b.name("bluegreen")).loadBalancers().get(0);
    var blueTg = targetGroup("bg-blue", blue.port());
    var greenTg = targetGroup("bg-green", green.port());
    var prod =
        elb.createListener(
                CreateListenerRequest.builder()
                    .loadBalancerArn(lb.loadBalancerArn())
                    .port(80)
                    .defaultActions(forward(blueTg, 1, null, 0))
                    .build())
            .listeners()
            .get(0);
    // the test listener is where the idle colour gets checked before the switch
    elb.createListener(
        CreateListenerRequest.builder()
            .loadBalancerArn(lb.loadBalancerArn())
            .port(8080)
            .defaultActions(forward(greenTg, 1, null, 0))
            .build());
    awaitHealthy(blueTg);
    awaitHealthy(greenTg);
    var failures = new AtomicInteger();
    var running = new AtomicBoolean(true);
    var background = Thread.ofVirtual().start(() -> load(running, failures));
    var slow = new ConcurrentHashMap<String, String>();
    var inFlight =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    slow.put("body", get("/slow").body());
                  } catch (Exception e) {
                    slow.put("body", e.toString());
                  }
                });
    try {
      await().atMost(Duration.ofSeconds(2)).until(() -> currentSessions() > 0);
      elb.modifyListener(
          b -> b.listenerArn(prod.listenerArn()).defaultActions(forward(greenTg, 1, null, 0)));
      for (int i = 0; i < 50; i++) {
        assertThat(get("/").body()).isEqualTo("green");
      }
      inFlight.join();
    } finally {
      running.set(false);
      background.join();
    }
    assertThat(slow.get("body")).isEqualTo("blue");
    assertThat(failures.get()).as("failed requests across the switch").isZero();
  }

  /** Requests HAProxy has in flight to servers right now. */
  private int currentSessions() {
    var stats = new HaproxyRuntime(stateDir().resolve("admin.sock")).stats();
    return stats.rows().stream().mapToInt(HaproxyStats.Row::currentSessions).sum();
  }

  @Test
  void deregisteredTargetDrainsInFlightRequestsThenLeaves() throws Exception {
    var lb = elb.createLoadBalancer(b -> b.name("drain")).loadBalancers().get(0);
    var tg = targetGroup("drain-tg", blue.port());
    elb.createListener(
        CreateListenerRequest.builder()
            .loadBalancerArn(lb.loadBalancerArn())
            .port(80)
            .defaultActions(forward(tg, 1, null, 0))
            .build());
    elb.registerTargets(b -> b.targetGroupArn(tg.targetGroupArn()).targets(target(green.port())));
    awaitHealthy(tg);
    var slow = new ConcurrentHashMap<String, Integer>();
    var inFlight =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    // blue answers /slow after 1.5 s; whichever target gets it must finish it
                    slow.put("status", get("/slow").statusCode());
                  } catch (Exception e) {
                    slow.put("status", -1);
                  }
                });
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                elb.describeTargetHealth(b -> b.targetGroupArn(tg.targetGroupArn()))
                        .targetHealthDescriptions()
                        .size()
                    == 2);
    var targets =
        List.of(
            TargetDescription.builder().id("127.0.0.1").port(blue.port()).build(),
            TargetDescription.builder().id("127.0.0.1").port(green.port()).build());
    Thread.sleep(200); // let the slow request reach a target before deregistering both
    elb.deregisterTargets(b -> b.targetGroupArn(tg.targetGroupArn()).targets(targets.get(0)));
    assertThat(state(tg, blue.port()))
        .isIn(TargetHealthStateEnum.DRAINING, TargetHealthStateEnum.UNUSED);
    inFlight.join();
    assertThat(slow.get("status")).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> state(tg, blue.port()) == TargetHealthStateEnum.UNUSED);
    for (int i = 0; i < 20; i++) {
      assertThat(get("/").body()).isEqualTo("green");
    }
  }

  @Test
  void rulesRouteByPathBeforeTheDefaultFixedResponse() throws Exception {
    var lb = elb.createLoadBalancer(b -> b.name("rules")).loadBalancers().get(0);
    var greenTg = targetGroup("rules-green", green.port());
    var listener =
        elb.createListener(
                CreateListenerRequest.builder()
                    .loadBalancerArn(lb.loadBalancerArn())
                    .port(80)
                    .defaultActions(
                        Action.builder()
                            .type(ActionTypeEnum.FIXED_RESPONSE)
                            .fixedResponseConfig(
                                f ->
                                    f.statusCode("404")
                                        .contentType("text/plain")
                                        .messageBody("none"))
                            .build())
                    .build())
            .listeners()
            .get(0);
    var rule =
        elb.createRule(
                CreateRuleRequest.builder()
                    .listenerArn(listener.listenerArn())
                    .priority(10)
                    .conditions(
                        RuleCondition.builder().field("path-pattern").values("/api/*").build())
                    .actions(forward(greenTg, 1, null, 0))
                    .build())
            .rules()
            .get(0);
    awaitHealthy(greenTg);
    assertThat(get("/api/x").body()).isEqualTo("green");
    var other = get("/other");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).isEqualTo("none");
    assertThat(elb.describeRules(b -> b.ruleArns(rule.ruleArn())).rules().get(0).priority())
        .isEqualTo("10");
  }

  @Test
  void anHttpHeaderRuleMatchesAsAlbDoesAndPort80RedirectsToTheHttpsListener() throws Exception {
    var lb = elb.createLoadBalancer(b -> b.name("headers")).loadBalancers().get(0);
    var greenTg = targetGroup("headers-green", green.port());
    var notFound =
        Action.builder()
            .type(ActionTypeEnum.FIXED_RESPONSE)
            .fixedResponseConfig(f -> f.statusCode("404").messageBody("no test route"))
            .build();
    var test =
        elb.createListener(
                CreateListenerRequest.builder()
                    .loadBalancerArn(lb.loadBalancerArn())
                    .port(8080)
                    .defaultActions(notFound)
                    .build())
            .listeners()
            .get(0);
    elb.createRule(
        CreateRuleRequest.builder()
            .listenerArn(test.listenerArn())
            .priority(10)
            .conditions(
                RuleCondition.builder()
                    .field("http-header")
                    .httpHeaderConfig(h -> h.httpHeaderName("X-Slipway-Test").values("s3cret*x?"))
                    .build())
            .actions(forward(greenTg, 1, null, 0))
            .build());
    var https =
        elb.createListener(
                CreateListenerRequest.builder()
                    .loadBalancerArn(lb.loadBalancerArn())
                    .port(443)
                    .protocol("HTTPS")
                    .certificates(
                        software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate
                            .builder()
                            .certificateArn("arn:aws:acm:us-east-1:000000000000:certificate/x")
                            .build())
                    .defaultActions(forward(greenTg, 1, null, 0))
                    .build())
            .listeners()
            .get(0);
    var http =
        elb.createListener(
                CreateListenerRequest.builder()
                    .loadBalancerArn(lb.loadBalancerArn())
                    .port(80)
                    .defaultActions(
                        Action.builder()
                            .type(ActionTypeEnum.REDIRECT)
                            .redirectConfig(
                                r -> r.protocol("HTTPS").port("443").statusCode("HTTP_301"))
                            .build())
                    .build())
            .listeners()
            .get(0);
    awaitHealthy(greenTg);
    int testPort = service.localPort(test.listenerArn());
    // no header, or a value that does not match: the default action
    assertThat(get(testPort, "/", Map.of()).statusCode()).isEqualTo(404);
    assertThat(get(testPort, "/", Map.of("X-Slipway-Test", "other")).statusCode()).isEqualTo(404);
    // ALB compares the whole value: a comma does not split it into values that match alone
    assertThat(get(testPort, "/", Map.of("X-Slipway-Test", "nope, s3cretAxB")).statusCode())
        .isEqualTo(404);
    // the name in any case, the value case-insensitively with * and ?
    assertThat(get(testPort, "/", Map.of("x-slipway-test", "S3CRET-abc-xZ")).body())
        .isEqualTo("green");
    assertThat(get(testPort, "/", Map.of("X-Slipway-Test", "s3cretxy")).body()).isEqualTo("green");
    assertThat(get(testPort, "/", Map.of("X-Slipway-Test", "s3cretx")).statusCode()).isEqualTo(404);
    // port 80 redirects to the HTTPS listener's local port (served as plain HTTP locally)
    int httpPort = service.localPort(http.listenerArn());
    int httpsPort = service.localPort(https.listenerArn());
    var redirect = get(httpPort, "/a/b?q=1", Map.of());
    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(redirect.headers().firstValue("location"))
        .hasValue("http://127.0.0.1:" + httpsPort + "/a/b?q=1");
    assertThat(get(httpPort, "/c", Map.of()).headers().firstValue("location"))
        .hasValue("http://127.0.0.1:" + httpsPort + "/c");
    // the HTTPS listener's own backend serves once its checks pass
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(httpsPort, "/", Map.of()).body().equals("green"));
  }

  /**
   * {@code cdk deploy} of a template whose target group has a new health check interval and
   * deregistration delay: CloudFormation updates the group in place (same ARN); creating a group of
   * a taken name with other settings is refused, as ELB refuses it.
   */
  @Test
  void aRedeployedTargetGroupTakesItsNewHealthCheckInPlace() throws Exception {
    var first = targetGroupResource(10, 5, "30");
    var again = targetGroupResource(5, 4, "5");
    String arn = Elbv2Resources.targetGroup(first, service).physicalId();
    assertThat(Elbv2Resources.targetGroup(again, service).physicalId()).isEqualTo(arn);

    var tg = elb.describeTargetGroups(b -> b.targetGroupArns(arn)).targetGroups().getFirst();
    assertThat(tg.healthCheckIntervalSeconds()).isEqualTo(5);
    assertThat(tg.healthCheckTimeoutSeconds()).isEqualTo(4);
    assertThat(
            elb.describeTargetGroupAttributes(b -> b.targetGroupArn(arn)).attributes().stream()
                .filter(a -> a.key().equals("deregistration_delay.timeout_seconds"))
                .map(TargetGroupAttribute::value))
        .containsExactly("5");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                elb.createTargetGroup(
                    b ->
                        b.name("redeployed")
                            .protocol(ProtocolEnum.HTTP)
                            .port(8080)
                            .targetType(TargetTypeEnum.IP)
                            .healthCheckIntervalSeconds(30)))
        .isInstanceOf(DuplicateTargetGroupNameException.class)
        .hasMessageContaining("exists, but with different settings");
  }

  private static dev.slipway.localcloud.deploy.ResourceProvisioner.StackResource
      targetGroupResource(int interval, int timeout, String delay) throws Exception {
    var properties =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                """
                {"Name": "redeployed", "Port": 8080, "Protocol": "HTTP", "TargetType": "ip",
                 "HealthCheckPath": "/ready", "HealthCheckIntervalSeconds": %d,
                 "HealthCheckTimeoutSeconds": %d, "HealthyThresholdCount": 2,
                 "UnhealthyThresholdCount": 3,
                 "TargetGroupAttributes": [
                   {"Key": "deregistration_delay.timeout_seconds", "Value": "%s"}]}
                """
                    .formatted(interval, timeout, delay));
    return new dev.slipway.localcloud.deploy.ResourceProvisioner.StackResource(
        "Slipway-hello",
        "BlueTargetGroup",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        properties,
        dev.slipway.localcloud.deploy.Assets.none());
  }

  @Test
  void aNewStartStopsTheHaproxyACrashedRunLeft() throws Exception {
    var lb = elb.createLoadBalancer(b -> b.name("crash")).loadBalancers().get(0);
    var tg = targetGroup("crash-tg", blue.port());
    elb.createListener(
        CreateListenerRequest.builder()
            .loadBalancerArn(lb.loadBalancerArn())
            .port(80)
            .defaultActions(forward(tg, 1, null, 0))
            .build());
    var pids = java.nio.file.Files.readAllLines(stateDir().resolve("haproxy.pids"));
    var leftover =
        ProcessHandle.of(Long.parseLong(pids.get(pids.size() - 1).strip())).orElseThrow();
    assertThat(leftover.isAlive()).isTrue();
    // a second service on the same state dir, as after a crash of the first
    var again = new Elbv2Service(stateDir(), BASE_PORT, r -> {}, Duration.ofHours(1));
    again.close();
    assertThat(leftover.isAlive()).isFalse();
  }

  private TargetGroup targetGroup(String name, int port) {
    var tg =
        elb.createTargetGroup(
                CreateTargetGroupRequest.builder()
                    .name(name)
                    .protocol(ProtocolEnum.HTTP)
                    .port(80)
                    .targetType(TargetTypeEnum.IP)
                    .healthCheckPath("/ready")
                    .healthCheckIntervalSeconds(5)
                    .healthCheckTimeoutSeconds(2)
                    .healthyThresholdCount(2)
                    .unhealthyThresholdCount(2)
                    .build())
            .targetGroups()
            .get(0);
    elb.modifyTargetGroupAttributes(
        b ->
            b.targetGroupArn(tg.targetGroupArn())
                .attributes(
                    TargetGroupAttribute.builder()
                        .key("deregistration_delay.timeout_seconds")
                        .value("3")
                        .build()));
    elb.registerTargets(b -> b.targetGroupArn(tg.targetGroupArn()).targets(target(port)));
    return tg;
  }

  private static TargetDescription target(int port) {
    return TargetDescription.builder().id("127.0.0.1").port(port).build();
  }

  private static Action forward(TargetGroup a, int wa, TargetGroup b, int wb) {
    var groups = new java.util.ArrayList<TargetGroupTuple>();
    groups.add(TargetGroupTuple.builder().targetGroupArn(a.targetGroupArn()).weight(wa).build());
    if (b != null) {
      groups.add(TargetGroupTuple.builder().targetGroupArn(b.targetGroupArn()).weight(wb).build());
    }
    return Action.builder()
        .type(ActionTypeEnum.FORWARD)
        .forwardConfig(f -> f.targetGroups(groups))
        .build();
  }

  private void awaitHealthy(TargetGroup tg) {
    // two passing checks 5 s apart, as ELB's shortest interval allows
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                elb
                    .describeTargetHealth(b -> b.targetGroupArn(tg.targetGroupArn()))
                    .targetHealthDescriptions()
                    .stream()
                    .allMatch(d -> d.targetHealth().state() == TargetHealthStateEnum.HEALTHY));
  }

  private TargetHealthStateEnum state(TargetGroup tg, int port) {
    return elb.describeTargetHealth(
            b -> b.targetGroupArn(tg.targetGroupArn()).targets(target(port)))
        .targetHealthDescriptions()
        .get(0)
        .targetHealth()
        .state();
  }

  private static HttpResponse<String> get(int port, String path, Map<String, String> headers)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + BASE_PORT + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
