package dev.slipway.localcloud.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.containers.HostCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's working copy of the sample service, pushed with real git to a bare repository. */
class ServiceRepositoryIT {
  private static final Path SOURCE =
      Path.of(System.getProperty("slipway.root"), "examples/hello-service");

  @Test
  void pushesCommitsOfTheServiceToItsRemote(@TempDir Path dir) throws Exception {
    Path remote = dir.resolve("remote.git");
    HostCommand.of("git", "init", "-q", "--bare", "-b", "main", remote.toString())
        .runOrThrow("git init");
    ServiceRepository repo = ServiceRepository.create(SOURCE, dir.resolve("work"), remote);
    assertThat(ServiceRepository.hasBranch(remote, "main")).isFalse();

    String first = repo.commit("first");
    repo.push();
    String broken = repo.setFault("fail.percent", "20").commit("fail 20 %");
    repo.push();

    assertThat(ServiceRepository.hasBranch(remote, "main")).isTrue();
    String head =
        HostCommand.of("git", "--git-dir", remote.toString(), "rev-parse", "refs/heads/main")
            .runOrThrow("git rev-parse")
            .strip();
    assertThat(head).isEqualTo(broken).isNotEqualTo(first);
    assertThat(Files.readString(repo.dir().resolve("faults.properties")))
        .contains("\nfail.percent=20\n");
    assertThat(repo.dir().resolve("buildspec.yml")).exists();
    assertThat(repo.dir().resolve("target")).doesNotExist();
  }

  @Test
  void aSecondDemoStartsOverOnlyWhenTheRemoteHoldsNothingButTheDemosPushes(@TempDir Path dir)
      throws Exception {
    Path remote = dir.resolve("remote.git");
    HostCommand.of("git", "init", "-q", "--bare", "-b", "main", remote.toString())
        .runOrThrow("git init");
    Path work = dir.resolve("work");
    assertThat(DemoRunner.earlier(remote, work)).isEqualTo(DemoRunner.Earlier.NOTHING);

    ServiceRepository demo = ServiceRepository.create(SOURCE, work, remote);
    demo.commit("first");
    demo.push();
    demo.commit("committed, not pushed when the earlier demo stopped");
    assertThat(DemoRunner.earlier(remote, work))
        .as("everything on main came from the demo's working copy")
        .isEqualTo(DemoRunner.Earlier.DEMO);

    Path mine = dir.resolve("mine");
    HostCommand.of("git", "clone", "-q", remote.toString(), mine.toString())
        .runOrThrow("git clone");
    HostCommand.of(
            "git",
            "-C",
            mine.toString(),
            "-c",
            "user.name=U",
            "-c",
            "user.email=u@example.invalid",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "my own work")
        .runOrThrow("git commit");
    HostCommand.of("git", "-C", mine.toString(), "push", "-q", "origin", "HEAD:main")
        .runOrThrow("git push");
    assertThat(DemoRunner.earlier(remote, work))
        .as("a push from elsewhere: the demo must not clear it")
        .isEqualTo(DemoRunner.Earlier.OTHER);
    assertThat(DemoRunner.earlier(dir.resolve("no-such.git"), work))
        .isEqualTo(DemoRunner.Earlier.NOTHING);
  }

  @Test
  void unknownFaultSwitchIsRefusedByName(@TempDir Path dir) {
    ServiceRepository repo =
        ServiceRepository.create(SOURCE, dir.resolve("work"), dir.resolve("remote.git"));

    assertThatThrownBy(() -> repo.setFault("fail.percentage", "20"))
        .hasMessageContaining("faults.properties has no switch fail.percentage");
  }
}
