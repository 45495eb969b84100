package dev.slipway.e2e;

import dev.slipway.localcloud.demo.LoadCounts;
import dev.slipway.localcloud.demo.SteadyLoad;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/** What production serves, as a user (requests) and an operator (the listener rule) see it. */
final class Versions {
  private Versions() {}

  /** The version that answered most of two seconds of requests to the production API. */
  static String serving(LocalModeRun local) {
    return sample(local, Duration.ofSeconds(2))
        .mostServed()
        .orElseThrow(() -> new AssertionError("production answered no request successfully"));
  }

  /** Counts of {@code duration} of steady requests (20 a second) to the production API. */
  static LoadCounts sample(LocalModeRun local, Duration duration) {
    SteadyLoad load = SteadyLoad.start(local.productionApi(), 20, duration);
    while (load.running()) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    load.close();
    return load.counts();
  }

  /** The weights of the production listener's weighted rule, largest first. */
  static List<Integer> liveWeights(LocalModeRun local) {
    String url = local.state.requireOutput("UrlProduction");
    for (LoadBalancer lb : local.elb.describeLoadBalancers().loadBalancers()) {
      if (!url.contains(lb.dnsName())) {
        continue;
      }
      for (Listener listener :
          local.elb.describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners()) {
        for (Rule rule :
            local.elb.describeRules(r -> r.listenerArn(listener.listenerArn())).rules()) {
          for (Action action : rule.actions()) {
            if (action.forwardConfig() != null
                && action.forwardConfig().targetGroups().size() > 1) {
              return action.forwardConfig().targetGroups().stream()
                  .map(TargetGroupTuple::weight)
                  .sorted((a, b) -> b - a)
                  .toList();
            }
          }
        }
      }
    }
    throw new AssertionError("no weighted rule on the production load balancer of " + url);
  }
}
