package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** `slipway rollback --to` names one commit that deployed to the environment, or nothing runs. */
class RollbackCommandTest {
  private static final String A = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0";
  private static final String B = "a1b2c3dffffffffffffffffffffffffffffffff0";
  private static final String C = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c";

  private static String resolve(String given, List<String> deployed) {
    return new RollbackCommand().resolve(given, deployed, "hello");
  }

  @Test
  void aPrefixOfOneDeployedCommitIsThatCommit() {
    assertThat(resolve("0c0c0c0", List.of(A, C))).isEqualTo(C);
    assertThat(resolve(A, List.of(A, B, C))).isEqualTo(A);
  }

  @Test
  void aCommitThatNeverDeployedIsRefusedWithTheRecentOnes() {
    assertThatThrownBy(() -> resolve("deadbeef", List.of(A, C)))
        .hasMessageContaining("deadbeef never deployed successfully to hello/production")
        .hasMessageContaining("recent ones: a1b2c3d4e5f6, 0c0c0c0c0c0c");
  }

  @Test
  void anAmbiguousPrefixAsksForMoreCharacters() {
    assertThatThrownBy(() -> resolve("a1b2c3d", List.of(A, B)))
        .hasMessageContaining("matches 2 deployed commits")
        .hasMessageContaining("give more characters");
  }
}
