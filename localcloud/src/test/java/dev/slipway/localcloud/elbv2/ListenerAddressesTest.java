package dev.slipway.localcloud.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerAddressesTest {
  private static final String LB = "arn:aws:elasticloadbalancing:us-east-1:0:loadbalancer/app/p/1";
  private static final String OTHER_LB =
      "arn:aws:elasticloadbalancing:us-east-1:0:loadbalancer/app/s/2";

  private static Elbv2State twoLoadBalancers() {
    Elbv2State state = new Elbv2State();
    state.loadBalancers.put(
        LB, new Elbv2State.LoadBalancer(LB, "p", "1", 0, "127.0.0.1:4600", Instant.EPOCH));
    state.loadBalancers.put(
        OTHER_LB,
        new Elbv2State.LoadBalancer(OTHER_LB, "s", "2", 1, "127.0.0.1:4610", Instant.EPOCH));
    listener(state, LB, "a", 80, 4600);
    listener(state, LB, "b", 8080, 4602);
    listener(state, OTHER_LB, "c", 8080, 4612);
    return state;
  }

  private static void listener(Elbv2State state, String lb, String id, int port, int local) {
    String arn = lb.replace("loadbalancer", "listener") + "/" + id;
    state.listeners.put(
        arn, new Elbv2State.Listener(arn, lb, id, "HTTP", port, local, arn + "/r", "r", List.of()));
  }

  @Test
  void aTestListenerAddressedAsDnsNameColonPortGetsItsLocalPort() {
    String env =
        "{\"url\":\"http://127.0.0.1:4600\",\"testUrl\":\"http://127.0.0.1:4600:8080\"},"
            + "{\"testUrl\":\"http://127.0.0.1:4610:8080/ready\"}";

    assertThat(ListenerAddresses.local(env, twoLoadBalancers()))
        .isEqualTo(
            "{\"url\":\"http://127.0.0.1:4600\",\"testUrl\":\"http://127.0.0.1:4602\"},"
                + "{\"testUrl\":\"http://127.0.0.1:4612/ready\"}");
  }

  @Test
  void textWithoutAKnownListenerStaysAsItIs() {
    Elbv2State state = twoLoadBalancers();
    for (String text :
        List.of("http://127.0.0.1:4600", "127.0.0.1:4600:9999", "127.0.0.1:5000:8080", "a:b:c")) {
      assertThat(ListenerAddresses.local(text, state)).as(text).isEqualTo(text);
    }
  }
}
