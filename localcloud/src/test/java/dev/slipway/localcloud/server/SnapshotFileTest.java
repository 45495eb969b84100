package dev.slipway.localcloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
  @TempDir Path dir;

  @Test
  void aMissingSnapshotReadsAsEmptyAndAWrittenOneReadsBack() {
    var file = new SnapshotFile(dir.resolve("ecs/state.json"));
    assertThat(file.read()).isEmpty();

    file.write("{\"version\":1}");

    assertThat(new SnapshotFile(dir.resolve("ecs/state.json")).read()).contains("{\"version\":1}");
    assertThat(dir.resolve("ecs")).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void anUnchangedTextIsNotWrittenAgainAndAChangedOneReplacesTheFile() throws Exception {
    var path = dir.resolve("state.json");
    var file = new SnapshotFile(path);
    file.write("a");
    var old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(path, old);

    file.write("a");
    assertThat(Files.getLastModifiedTime(path)).isEqualTo(old);

    file.write("b");
    assertThat(Files.readString(path)).isEqualTo("b");
  }
}
