package dev.slipway.localcloud.codebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.codebuild.BuildShell.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Buildspec commands share one shell session across processes, and are killed at the deadline. */
class BuildShellIT {
  @TempDir Path dir;

  private BuildShell shell() throws Exception {
    Files.createDirectories(dir.resolve("src/sub"));
    return new BuildShell(
        dir.resolve("session"),
        dir.resolve("src"),
        dir.resolve("build.log"),
        Map.of("PATH", System.getenv("PATH"), "GIVEN", "from-project"));
  }

  @Test
  void variablesAndDirectoryCarryOverBetweenCommands() throws Exception {
    BuildShell shell = shell();
    Instant deadline = Instant.now().plusSeconds(30);
    assertThat(shell.run("TAG=abc; export URI=repo:$TAG", deadline).outcome())
        .isEqualTo(Outcome.SUCCEEDED);
    assertThat(shell.run("cd sub", deadline).outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(shell.run("echo \"$URI in $(basename $PWD) $GIVEN\"", deadline).outcome())
        .isEqualTo(Outcome.SUCCEEDED);
    assertThat(Files.readString(dir.resolve("build.log"))).contains("repo:abc in sub from-project");
    assertThat(shell.values(List.of("TAG", "URI", "UNSET")))
        .containsEntry("TAG", "abc")
        .containsEntry("URI", "repo:abc")
        .containsEntry("UNSET", "");
  }

  @Test
  void failingCommandReportsItsExitStatus() throws Exception {
    BuildShell.Result r = shell().run("echo broken >&2; exit 3", Instant.now().plusSeconds(30));
    assertThat(r).isEqualTo(new BuildShell.Result(Outcome.FAILED, 3));
    assertThat(Files.readString(dir.resolve("build.log"))).contains("broken");
  }

  @Test
  void commandPastTheDeadlineIsKilled() throws Exception {
    long start = System.nanoTime();
    BuildShell.Result r = shell().run("sleep 30", Instant.now().plusMillis(500));
    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void buildSucceedingFlagReachesLaterCommands() throws Exception {
    BuildShell shell = shell();
    shell.buildSucceeding(false);
    shell.run("echo succeeding=$CODEBUILD_BUILD_SUCCEEDING", Instant.now().plusSeconds(30));
    assertThat(Files.readString(dir.resolve("build.log"))).contains("succeeding=0");
  }
}
