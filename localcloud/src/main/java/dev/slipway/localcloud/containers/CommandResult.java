package dev.slipway.localcloud.containers;

import java.time.Duration;
import java.util.List;

/** The outcome of one finished host command: exit code, captured output and how long it took. */
public record CommandResult(
    List<String> command, int exitCode, String stdout, String stderr, Duration took) {

  /** True when the command exited 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** The last lines of stderr (or stdout when stderr is empty), for error messages. */
  public String outputTail() {
    String text = stderr.isBlank() ? stdout : stderr;
    String[] lines = text.strip().split("\n");
    int from = Math.max(0, lines.length - 15);
    return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }
}
