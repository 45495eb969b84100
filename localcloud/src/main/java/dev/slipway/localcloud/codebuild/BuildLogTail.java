package dev.slipway.localcloud.codebuild;

import dev.slipway.localcloud.logs.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A build's CloudWatch Logs stream: the lines added to its log file (CodeBuild's {@code
 * [Container]} lines and the commands' output, which the build's shell appends itself) are read
 * every {@link #INTERVAL} and sent as events, as CodeBuild streams a build's output while it runs;
 * {@link #finish} sends the rest when the build ends.
 */
final class BuildLogTail {
  /** How often the log file is read. */
  static final Duration INTERVAL = Duration.ofMillis(250);

  private final Path file;
  private final LogSink sink;
  private final String group;
  private final String stream;
  private final Clock clock;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final Thread thread;
  private long offset;
  private volatile boolean done;

  private BuildLogTail(
      Path file, LogSink sink, String group, String stream, Clock clock, long offset) {
    this.file = file;
    this.sink = sink;
    this.group = group;
    this.stream = stream;
    this.clock = clock;
    this.offset = offset;
    this.thread = Thread.ofPlatform().daemon().name("build-log-" + stream).start(this::run);
  }

  /** Follows {@code file} from its current end (a build run again keeps its earlier lines). */
  static BuildLogTail start(Path file, LogSink sink, String group, String stream, Clock clock) {
    return new BuildLogTail(file, sink, group, stream, clock, file.toFile().length());
  }

  private void run() {
    while (!done) {
      read();
      try {
        Thread.sleep(INTERVAL);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void read() {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      if (length <= offset) {
        return;
      }
      f.seek(offset);
      byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
      f.readFully(bytes);
      offset += bytes.length;
      for (byte b : bytes) {
        if (b == '\n') {
          send();
        } else {
          line.write(b);
        }
      }
    } catch (IOException e) {
      // not written yet, or gone with the state dir
    }
  }

  private void send() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    try {
      sink.append(group, stream, clock.millis(), text);
    } catch (RuntimeException e) {
      System.err.println("codebuild: cannot store a log line of " + stream + ": " + e.getMessage());
    }
  }

  /** Sends what is left (a last line without its newline too) and stops. */
  void finish() {
    done = true;
    thread.interrupt();
    synchronized (this) {
      long before;
      do {
        before = offset;
        read();
      } while (offset != before);
      if (line.size() > 0) {
        send();
      }
    }
  }
}
