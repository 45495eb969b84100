package dev.slipway.localcloud.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * One service's state as a JSON text file under the state dir, replaced whole on every change: the
 * new text goes to a temporary file first and is then moved over the old one atomically, so a kill
 * at any moment leaves either the previous or the new snapshot, never half of one. Writes that
 * would not change the file are skipped, so callers may save after every step.
 */
public final class SnapshotFile {
  private final Path file;
  private String written;

  public SnapshotFile(Path file) {
    this.file = file.toAbsolutePath();
  }

  /** The last saved text, if a snapshot exists. */
  public synchronized Optional<String> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      written = Files.readString(file, StandardCharsets.UTF_8);
      return Optional.of(written);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the saved state " + file, e);
    }
  }

  /** Replaces the snapshot with {@code text} (no write when it is what the file holds). */
  public synchronized void write(String text) {
    if (text.equals(written)) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written = text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the state to " + file, e);
    }
  }

  /** Where the snapshot lives. */
  public Path path() {
    return file;
  }
}
