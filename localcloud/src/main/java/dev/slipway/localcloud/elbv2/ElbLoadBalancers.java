package dev.slipway.localcloud.elbv2;

import java.time.Clock;
import java.util.ArrayList;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.*;

/** Load balancers: the operations, on the shared state; each owns a block of local ports. */
final class ElbLoadBalancers {
  private final Elbv2State state;
  private final TrafficController traffic;
  private final ListenerPorts ports;
  private final Clock clock;

  ElbLoadBalancers(Elbv2State state, TrafficController traffic, ListenerPorts ports, Clock clock) {
    this.state = state;
    this.traffic = traffic;
    this.ports = ports;
    this.clock = clock;
  }

  CreateLoadBalancerResponse create(
      CreateLoadBalancerRequest r, Supplier<String> ids, String arnPrefix) {
    synchronized (state) {
      var name = r.name();
      if (name == null
          || !name.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?")
          || name.startsWith("internal-")) {
        throw Elbv2Errors.validation(
            "Load balancer name '"
                + name
                + "' must be 1-32 alphanumerics or hyphens, not"
                + " starting or ending with a hyphen");
      }
      for (var lb : state.loadBalancers.values()) {
        if (lb.name().equals(name)) {
          return CreateLoadBalancerResponse.builder()
              .loadBalancers(Elbv2Views.loadBalancer(lb))
              .build();
        }
      }
      var id = ids.get();
      var index = state.nextLoadBalancerIndex++;
      var lb =
          new Elbv2State.LoadBalancer(
              arnPrefix + "loadbalancer/app/" + name + "/" + id,
              name,
              id,
              index,
              "127.0.0.1:" + ports.blockStart(index),
              clock.instant());
      state.loadBalancers.put(lb.arn(), lb);
      return CreateLoadBalancerResponse.builder()
          .loadBalancers(Elbv2Views.loadBalancer(lb))
          .build();
    }
  }

  DescribeLoadBalancersResponse describe(DescribeLoadBalancersRequest r) {
    synchronized (state) {
      var out = new ArrayList<LoadBalancer>();
      if (r.hasLoadBalancerArns()) {
        r.loadBalancerArns().forEach(a -> out.add(Elbv2Views.loadBalancer(state.loadBalancer(a))));
      } else if (r.hasNames()) {
        for (var n : r.names()) {
          var lb =
              state.loadBalancers.values().stream()
                  .filter(x -> x.name().equals(n))
                  .findFirst()
                  .orElseThrow(() -> Elbv2Errors.loadBalancerNotFound(n));
          out.add(Elbv2Views.loadBalancer(lb));
        }
      } else {
        state.loadBalancers.values().forEach(lb -> out.add(Elbv2Views.loadBalancer(lb)));
      }
      return DescribeLoadBalancersResponse.builder().loadBalancers(out).build();
    }
  }

  DeleteLoadBalancerResponse delete(DeleteLoadBalancerRequest r) {
    synchronized (state) {
      var lb = state.loadBalancers.get(r.loadBalancerArn());
      if (lb != null) {
        var gone =
            state.listeners.values().stream()
                .filter(l -> l.loadBalancerArn().equals(lb.arn()))
                .map(Elbv2State.Listener::arn)
                .toList();
        gone.forEach(state::removeListener);
        state.loadBalancers.remove(lb.arn());
        traffic.apply();
      }
      return DeleteLoadBalancerResponse.builder().build();
    }
  }
}
