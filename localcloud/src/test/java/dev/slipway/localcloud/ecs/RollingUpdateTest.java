package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.ecs.RollingUpdate.Phase;
import dev.slipway.localcloud.ecs.RollingUpdate.TaskView;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RollingUpdateTest {

  private static TaskView old(String id, Phase p) {
    return new TaskView(id, false, p);
  }

  private static TaskView cur(String id, Phase p) {
    return new TaskView(id, true, p);
  }

  @Test
  void withRoomAboveTheDesiredCountStartsAllNewTasksBeforeStoppingOldOnes() {
    var plan =
        RollingUpdate.plan(2, 100, 200, List.of(old("a", Phase.HEALTHY), old("b", Phase.HEALTHY)));
    assertThat(plan.start()).isEqualTo(2);
    assertThat(plan.stop()).isEmpty();
  }

  @Test
  void stopsOldTasksOnlyOnceNewOnesAreHealthy() {
    var starting =
        List.of(
            old("a", Phase.HEALTHY),
            old("b", Phase.HEALTHY),
            cur("c", Phase.STARTING),
            cur("d", Phase.HEALTHY));
    assertThat(RollingUpdate.plan(2, 100, 200, starting).stop()).containsExactly("a");
    var healthy =
        List.of(
            old("a", Phase.HEALTHY),
            old("b", Phase.HEALTHY),
            cur("c", Phase.HEALTHY),
            cur("d", Phase.HEALTHY));
    var plan = RollingUpdate.plan(2, 100, 200, healthy);
    assertThat(plan.stop()).containsExactly("a", "b");
    assertThat(plan.start()).isZero();
  }

  @Test
  void withNoRoomAboveDesiredStopsAnOldTaskFirstWhenTheMinimumAllows() {
    var plan =
        RollingUpdate.plan(2, 50, 100, List.of(old("a", Phase.HEALTHY), old("b", Phase.HEALTHY)));
    assertThat(plan.stop()).containsExactly("a");
    assertThat(plan.start()).isZero();
  }

  @Test
  void replacesAnUnhealthyTaskAndKeepsTheDesiredCount() {
    var plan =
        RollingUpdate.plan(
            2, 100, 200, List.of(cur("a", Phase.HEALTHY), cur("b", Phase.UNHEALTHY)));
    assertThat(plan.stop()).containsExactly("b");
    assertThat(plan.start()).isEqualTo(1);
  }

  /** Seed 20261125: random task mixes; the plan never breaks the ECS limits. */
  static Stream<Arguments> randomFleets() {
    var random = new Random(20261125L);
    return IntStream.range(0, 500)
        .mapToObj(
            i -> {
              var desired = random.nextInt(6);
              var min = new int[] {0, 50, 100}[random.nextInt(3)];
              var max = new int[] {100, 150, 200}[random.nextInt(3)];
              var tasks = new ArrayList<TaskView>();
              var n = random.nextInt(9);
              for (int t = 0; t < n; t++) {
                tasks.add(
                    new TaskView("t" + t, random.nextBoolean(), Phase.values()[random.nextInt(4)]));
              }
              return Arguments.of(desired, min, max, tasks);
            });
  }

  @ParameterizedTest
  @MethodSource("randomFleets")
  void neverDropsBelowTheMinimumHealthyNorStartsAboveTheMaximum(
      int desired, int min, int max, List<TaskView> tasks) {
    var plan = RollingUpdate.plan(desired, min, max, tasks);
    var healthyBefore = tasks.stream().filter(t -> t.phase() == Phase.HEALTHY).count();
    var healthyAfter =
        tasks.stream()
            .filter(t -> t.phase() == Phase.HEALTHY && !plan.stop().contains(t.id()))
            .count();
    var minHealthy = RollingUpdate.minimumHealthy(desired, min);
    var livePrimaries =
        tasks.stream()
            .filter(t -> t.primary() && t.phase() != Phase.STOPPING && t.phase() != Phase.UNHEALTHY)
            .filter(t -> !plan.stop().contains(t.id()))
            .count();
    assertThat(healthyAfter).isGreaterThanOrEqualTo(Math.min(minHealthy, healthyBefore));
    assertThat(tasks.size() + plan.start())
        .isLessThanOrEqualTo(
            Math.max(tasks.size(), Math.max(1, RollingUpdate.maximumTotal(desired, max))));
    assertThat(livePrimaries + plan.start()).isLessThanOrEqualTo(Math.max(desired, livePrimaries));
    assertThat(plan.stop())
        .doesNotHaveDuplicates()
        .allSatisfy(
            id ->
                assertThat(
                        tasks.stream()
                            .filter(t -> t.id().equals(id))
                            .findFirst()
                            .orElseThrow()
                            .phase())
                    .isNotEqualTo(Phase.STOPPING));
  }

  @Test
  void circuitBreakerThresholdIsHalfTheDesiredCountBetweenThreeAndTwoHundred() {
    assertThat(CircuitBreaker.threshold(1)).isEqualTo(3);
    assertThat(CircuitBreaker.threshold(10)).isEqualTo(5);
    assertThat(CircuitBreaker.threshold(11)).isEqualTo(6);
    assertThat(CircuitBreaker.threshold(1000)).isEqualTo(200);
  }
}
