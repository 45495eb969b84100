package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
  private static final Path STARTED = Path.of("/project/cdk.out");

  @Test
  void aRedeployDeploysTheAssemblyUpNames() {
    assertThat(ServeCommand.assemblyToDeploy("/project/target/approval/cdk.out\n", STARTED))
        .isEqualTo(Path.of("/project/target/approval/cdk.out"));
  }

  @Test
  void aRedeployWithoutAnAssemblyDeploysTheOneLocalModeStartedWith() {
    assertThat(ServeCommand.assemblyToDeploy("", STARTED)).isEqualTo(STARTED);
    assertThat(ServeCommand.assemblyToDeploy(null, STARTED)).isEqualTo(STARTED);
  }

  @Test
  void aRelativeAssemblyIsRefusedByName() {
    assertThatThrownBy(() -> ServeCommand.assemblyToDeploy("cdk.out", STARTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute path")
        .hasMessageContaining("'cdk.out'");
  }
}
