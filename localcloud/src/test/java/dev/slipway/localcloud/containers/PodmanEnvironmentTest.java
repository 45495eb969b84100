package dev.slipway.localcloud.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodmanEnvironmentTest {
  @TempDir Path state;

  @Test
  void writesConfigUnderStateDirWithRuncUlimitsAndCgroupfs() throws Exception {
    PodmanEnvironment env = PodmanEnvironment.create(state);
    Path conf = Path.of(env.variables().get("CONTAINERS_CONF"));
    String containers = Files.readString(conf);
    assertThat(containers)
        .contains("runtime = \"runc\"", "cgroup_manager = \"cgroupfs\"", "nofile=4096:4096")
        .contains(state.toAbsolutePath() + "/podman/networks")
        .doesNotContain("@STATE_DIR@");
    String storage = Files.readString(Path.of(env.variables().get("CONTAINERS_STORAGE_CONF")));
    assertThat(storage).contains("graphroot = \"" + state.toAbsolutePath() + "/podman/storage\"");
    assertThat(Files.readString(env.authFile())).isEqualTo("{}\n");
    assertThat(env.variables())
        .containsKeys(
            "CONTAINERS_CONF",
            "CONTAINERS_STORAGE_CONF",
            "CONTAINERS_REGISTRIES_CONF",
            "REGISTRY_AUTH_FILE");
  }
}
