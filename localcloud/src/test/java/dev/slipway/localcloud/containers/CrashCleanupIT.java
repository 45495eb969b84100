package dev.slipway.localcloud.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a crashed local mode leaves behind (its registry process, its containers) is removed by the
 * next start, and by {@code slipway down} ({@link LocalContainers#cleanUp}).
 */
class CrashCleanupIT {
  private static final String APP = "localhost/slipway-it/crash-tiny:1";

  private static long registryPid(Path state) throws Exception {
    return Long.parseLong(Files.readString(state.resolve("registry/registry.pid")).strip());
  }

  @Test
  void nextStartRemovesWhatACrashedLocalModeLeft() throws Exception {
    Path state = ContainerTestSupport.stateDir();
    LocalContainers crashed = LocalContainers.start(state, 0);
    ContainerTestSupport.buildTinyApp(crashed.podman(), crashed.baseImage(), APP);
    String id = crashed.podman().run(RunSpec.of(APP).name("it-crash-leftover"));
    long pid = registryPid(state);
    // no close(): the process "crashed"

    LocalContainers next = LocalContainers.start(state, 0);
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
      assertThat(next.podman().inspect(id)).isEmpty();
      assertThat(registryPid(state)).isNotEqualTo(pid);
    } finally {
      next.podman().removeImage(APP);
      next.close();
    }
  }

  @Test
  void cleanUpStopsRegistryAndContainersOfAStateDir() throws Exception {
    Path state = ContainerTestSupport.stateDir();
    LocalContainers running = LocalContainers.start(state, 0);
    String id =
        running
            .podman()
            .run(RunSpec.of(running.baseImage()).command(java.util.List.of("java", "-version")));
    long pid = registryPid(state);

    LocalContainers.cleanUp(state);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(running.podman().inspect(id)).isEmpty();
    assertThat(state.resolve("registry/registry.pid")).doesNotExist();
  }

  @Test
  void sharedContainersAreOnePerStateDirUntilTheLastRelease() throws Exception {
    Path state = ContainerTestSupport.stateDir();
    LocalContainers first = LocalContainers.shared(state, 0);
    LocalContainers second = LocalContainers.shared(state, 0);
    assertThat(second).isSameAs(first);
    ProcessHandle registry = first.registry().process();

    first.release();
    assertThat(registry.isAlive()).as("still shared by the second user").isTrue();
    second.release();
    await().atMost(Duration.ofSeconds(10)).until(() -> !registry.isAlive());
    assertThat(LocalContainers.shared(state, 0))
        .isNotSameAs(first)
        .satisfies(LocalContainers::release);
  }
}
