package dev.slipway.localcloud.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/** ELBv2's saved state reads back as the state that was saved (listeners, rules, weights). */
class Elbv2SnapshotTest {
  private static final String ARN = "arn:aws:elasticloadbalancing:us-east-1:000000000000:";

  /** Seed 11: load balancers with weighted listeners and rules, as a pipeline leaves them. */
  static Stream<Elbv2State> states() {
    var random = new Random(11L);
    return IntStream.range(0, 50).mapToObj(i -> randomState(random));
  }

  private static Elbv2State randomState(Random random) {
    var s = new Elbv2State();
    var balancers = 1 + random.nextInt(2);
    for (int b = 0; b < balancers; b++) {
      var lb =
          new Elbv2State.LoadBalancer(
              ARN + "loadbalancer/app/lb" + b + "/" + b,
              "lb" + b,
              "id" + b,
              b,
              "127.0.0.1:" + (4600 + 10 * b),
              Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1000)));
      s.loadBalancers.put(lb.arn(), lb);
      var blue = group(s, "blue" + b, random);
      var green = group(s, "green" + b, random);
      var weight = random.nextInt(101);
      var listener =
          new Elbv2State.Listener(
              ARN + "listener/app/lb" + b + "/l" + b,
              lb.arn(),
              "l" + b,
              "HTTP",
              80,
              4600 + 10 * b,
              ARN + "listener-rule/app/lb" + b + "/d" + b,
              "d" + b,
              List.of(forward(Map.of(blue, 100 - weight, green, weight))));
      s.listeners.put(listener.arn(), listener);
      if (random.nextBoolean()) {
        var rule =
            new Elbv2State.Rule(
                ARN + "listener-rule/app/lb" + b + "/r" + b,
                listener.arn(),
                "r" + b,
                1 + random.nextInt(100),
                List.of(
                    RuleCondition.builder()
                        .field("path-pattern")
                        .pathPatternConfig(p -> p.values("/api/*", "/v" + random.nextInt(9)))
                        .build()),
                List.of(forward(Map.of(green, 1))));
        s.rules.put(rule.arn(), rule);
      }
    }
    s.nextLoadBalancerIndex = balancers;
    return s;
  }

  private static String group(Elbv2State s, String name, Random random) {
    var attributes = new LinkedHashMap<String, String>();
    attributes.put("deregistration_delay.timeout_seconds", Integer.toString(random.nextInt(300)));
    attributes.put("stickiness.enabled", "false");
    var tg =
        new Elbv2State.TargetGroup(
            ARN + "targetgroup/" + name + "/" + name,
            name,
            name,
            "HTTP",
            8080,
            "vpc-1",
            new Elbv2State.HealthCheck("/ready", 5, 2, 2, 2 + random.nextInt(3), "200-299"),
            attributes);
    s.targetGroups.put(tg.arn(), tg);
    // the task containers registered in it, which outlive a crash of local mode
    for (int i = random.nextInt(4); i > 0; i--) {
      var t =
          new Elbv2State.Target(
              tg.arn(),
              "127.0.0.1",
              30000 + random.nextInt(2000),
              Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1000)));
      t.seenHealthy = random.nextBoolean();
      if (random.nextInt(4) == 0) {
        t.drainDeadline = t.registeredAt.plusSeconds(300);
      }
      s.targetsOf(tg.arn()).put(t.key(), t);
    }
    return tg.arn();
  }

  private static Action forward(Map<String, Integer> weights) {
    var tuples =
        weights.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(
                e ->
                    TargetGroupTuple.builder()
                        .targetGroupArn(e.getKey())
                        .weight(e.getValue())
                        .build())
            .toList();
    return Action.builder()
        .type(ActionTypeEnum.FORWARD)
        .forwardConfig(f -> f.targetGroups(tuples))
        .build();
  }

  @ParameterizedTest
  @MethodSource("states")
  void restoredStateHasTheSameListenersRulesAndWeights(Elbv2State saved) {
    var text = Elbv2Snapshot.write(saved);
    var restored = new Elbv2State();
    Elbv2Snapshot.restore(text, restored);

    assertThat(restored.loadBalancers).isEqualTo(saved.loadBalancers);
    assertThat(restored.targetGroups).isEqualTo(saved.targetGroups);
    assertThat(restored.listeners).isEqualTo(saved.listeners);
    assertThat(restored.rules).isEqualTo(saved.rules);
    assertThat(restored.nextLoadBalancerIndex).isEqualTo(saved.nextLoadBalancerIndex);
    saved.targets.forEach(
        (tg, byKey) ->
            assertThat(restored.targetsOf(tg).keySet())
                .as("targets of %s", tg)
                .isEqualTo(byKey.keySet()));
    for (var l : saved.listeners.values()) {
      assertThat(Actions.targetGroupWeights(restored.listener(l.arn()).defaultActions()))
          .isEqualTo(Actions.targetGroupWeights(l.defaultActions()));
    }
    assertThat(Elbv2Snapshot.write(restored)).isEqualTo(text);
  }
}
