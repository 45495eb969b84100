package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathFilterTest {
  private final PathFilter hello = new PathFilter(List.of("services/hello/", "/shared/lib"));

  @Test
  void matchesFilesUnderAConfiguredDirectory() {
    assertThat(hello.matches(List.of("README.md", "services/hello/src/Main.java"))).isTrue();
    assertThat(hello.matches(List.of("shared/lib/Util.java"))).isTrue();
    assertThat(hello.matches(List.of("shared/lib"))).isTrue();
  }

  @Test
  void doesNotMatchSiblingsWithTheSamePrefix() {
    assertThat(hello.matches(List.of("services/hello-admin/x.txt", "docs/a.md"))).isFalse();
    assertThat(hello.matches(List.of())).isFalse();
  }

  @Test
  void unknownChangesOrNoPathsAlwaysMatch() {
    assertThat(hello.matches(null)).isTrue();
    assertThat(new PathFilter(List.of()).matches(List.of("anything"))).isTrue();
    assertThat(new PathFilter(List.of("/")).matches(List.of("x"))).isTrue();
  }
}
