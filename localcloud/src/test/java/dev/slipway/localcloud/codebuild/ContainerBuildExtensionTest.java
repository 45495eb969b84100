package dev.slipway.localcloud.codebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContainerBuildExtensionTest {
  private static final Path STATE = Path.of("/srv/slipway/state");

  @Test
  void githubSourcesMapToTheLocalGitHubsBareRepositories() {
    assertThat(
            ContainerBuildExtension.repositoryFor(
                STATE, "https://github.com/acme/hello-service.git"))
        .isEqualTo(STATE.resolve("git/acme/hello-service.git"));
    assertThat(
            ContainerBuildExtension.repositoryFor(STATE, "https://github.com/acme/hello-service"))
        .isEqualTo(STATE.resolve("git/acme/hello-service.git"));
    assertThat(ContainerBuildExtension.repositoryFor(STATE, "git@github.com:acme/api.git"))
        .isEqualTo(STATE.resolve("git/acme/api.git"));
  }

  @Test
  void localPathsAreUsedAsTheyAre() {
    assertThat(ContainerBuildExtension.repositoryFor(STATE, "file:///tmp/repo.git"))
        .isEqualTo(Path.of("/tmp/repo.git"));
  }

  @Test
  void otherSourcesAreRefusedWithTheLocation() {
    assertThatThrownBy(
            () -> ContainerBuildExtension.repositoryFor(STATE, "https://gitlab.com/acme/x.git"))
        .hasMessageContaining("gitlab.com/acme/x.git")
        .hasMessageContaining("local path");
  }
}
