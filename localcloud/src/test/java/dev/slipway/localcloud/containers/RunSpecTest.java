package dev.slipway.localcloud.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSpecTest {
  @Test
  void publishesOnLoopbackOnlyAndLabelsForCleanup() {
    List<String> args =
        RunSpec.of("127.0.0.1:5000/app@sha256:ab")
            .name("web-1")
            .env("VERSION", "abc")
            .publish(0, 8080)
            .publish(9000, 9090)
            .stopTimeout(Duration.ofSeconds(30))
            .arguments();
    assertThat(args).containsSequence("--publish", "127.0.0.1::8080");
    assertThat(args).containsSequence("--publish", "127.0.0.1:9000:9090");
    assertThat(args).containsSequence("--label", Podman.OWNER_LABEL + "=true");
    assertThat(args).containsSequence("--env", "VERSION=abc");
    assertThat(args).contains("--stop-timeout=30");
    assertThat(args.getLast()).isEqualTo("127.0.0.1:5000/app@sha256:ab");
  }

  @Test
  void healthCheckIsExecFormJson() {
    List<String> args =
        RunSpec.of("img")
            .healthCheck(List.of("java", "-cp", "/app", "Check"), Duration.ofSeconds(2))
            .arguments();
    assertThat(args)
        .contains("--health-cmd=[\"java\",\"-cp\",\"/app\",\"Check\"]", "--health-interval=2000ms");
  }

  @Test
  void logsToAFileOnlyWhenAsked() {
    assertThat(RunSpec.of("img").logFile().arguments()).contains("--log-driver=k8s-file");
    assertThat(RunSpec.of("img").arguments()).noneMatch(a -> a.startsWith("--log-driver"));
  }

  @Test
  void rejectsMissingImage() {
    assertThatThrownBy(() -> RunSpec.of(" ")).hasMessageContaining("image reference");
  }
}
