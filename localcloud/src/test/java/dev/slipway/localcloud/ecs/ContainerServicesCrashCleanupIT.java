package dev.slipway.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.containers.ContainerTestSupport;
import dev.slipway.localcloud.containers.LocalContainers;
import dev.slipway.localcloud.containers.RunSpec;
import dev.slipway.localcloud.elbv2.Elbv2Service;
import dev.slipway.localcloud.server.PortBlock;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.FixedResponseActionConfig;

/**
 * What a crashed local mode leaves — a HAProxy serving a listener and a task container — is gone
 * after {@link ContainerServicesExtension#cleanUpAfterCrash} ({@code slipway up} / {@code down}
 * with no live local mode).
 */
class ContainerServicesCrashCleanupIT {
  private static final int BASE_PORT = PortBlock.find();

  @Test
  void cleanUpAfterCrashStopsHaproxyAndRemovesTaskContainers() throws Exception {
    Path state = ContainerTestSupport.stateDir();
    LocalContainers containers = LocalContainers.shared(state, 0);
    Elbv2Service crashed =
        new Elbv2Service(
            ContainerServicesExtension.elbStateDir(state), BASE_PORT, r -> {}, Duration.ofHours(1));
    try {
      var lb =
          crashed
              .createLoadBalancer(CreateLoadBalancerRequest.builder().name("crash-cleanup").build())
              .loadBalancers()
              .get(0);
      crashed.createListener(
          CreateListenerRequest.builder()
              .loadBalancerArn(lb.loadBalancerArn())
              .port(80)
              .defaultActions(
                  Action.builder()
                      .type(ActionTypeEnum.FIXED_RESPONSE)
                      .fixedResponseConfig(
                          FixedResponseActionConfig.builder().statusCode("200").build())
                      .build())
              .build());
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> connect(BASE_PORT));
      var podman = containers.podman();
      podman.run(
          RunSpec.of(containers.baseImage())
              .label(PodmanTaskContainers.ECS_LABEL, "true")
              .entryPoint(List.of("java", "-version")));
      assertThat(podman.containers(Map.of(PodmanTaskContainers.ECS_LABEL, "true"))).isNotEmpty();

      new ContainerServicesExtension().cleanUpAfterCrash(state);

      assertThatThrownBy(() -> connect(BASE_PORT)).isInstanceOf(ConnectException.class);
      assertThat(podman.containers(Map.of(PodmanTaskContainers.ECS_LABEL, "true"))).isEmpty();
    } finally {
      crashed.close();
      containers.release();
    }
  }

  private static boolean connect(int port) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    }
  }
}
