package dev.slipway.localcloud.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopologyTest {

  @Test
  void aZeroWeightGroupGetsNoTrafficAndTheOtherTheMaximumWeight() {
    var w = Topology.serverWeights(Map.of("blue", 100, "green", 0), Map.of("blue", 2, "green", 2));
    assertThat(w).containsEntry("blue", Topology.MAX_WEIGHT).containsEntry("green", 0);
  }

  @Test
  void aGroupWithoutTargetsWeighsNothing() {
    var w = Topology.serverWeights(Map.of("blue", 50, "green", 50), Map.of("blue", 1, "green", 0));
    assertThat(w).containsEntry("green", 0).containsEntry("blue", Topology.MAX_WEIGHT);
  }

  /** Seed 7: random rule weights and target counts; the groups split as the rule says. */
  static Stream<Arguments> randomRules() {
    var random = new Random(7L);
    return IntStream.range(0, 300)
        .mapToObj(
            i -> {
              var weights = new LinkedHashMap<String, Integer>();
              var targets = new LinkedHashMap<String, Integer>();
              var groups = 1 + random.nextInt(3);
              for (int g = 0; g < groups; g++) {
                weights.put("tg" + g, 1 + random.nextInt(999));
                targets.put("tg" + g, 1 + random.nextInt(4));
              }
              return Arguments.of(weights, targets);
            });
  }

  @ParameterizedTest
  @MethodSource("randomRules")
  void perServerWeightsSplitTrafficLikeTheRuleWeights(
      Map<String, Integer> weights, Map<String, Integer> targets) {
    var perServer = Topology.serverWeights(weights, targets);
    double ruleTotal = weights.values().stream().mapToInt(Integer::intValue).sum();
    double serverTotal = 0;
    for (var tg : weights.keySet()) {
      assertThat(perServer.get(tg)).isBetween(1, Topology.MAX_WEIGHT);
      serverTotal += perServer.get(tg) * targets.get(tg);
    }
    for (var tg : weights.keySet()) {
      var wanted = weights.get(tg) / ruleTotal;
      var actual = perServer.get(tg) * targets.get(tg) / serverTotal;
      // HAProxy weights are integers (1..256): the best scale keeps the split within half a
      // percent,
      // except that a tiny share never rounds down to zero
      assertThat(actual).isCloseTo(wanted, org.assertj.core.data.Offset.offset(0.005));
    }
  }
}
