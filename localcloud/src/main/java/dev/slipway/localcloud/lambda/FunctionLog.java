package dev.slipway.localcloud.lambda;

import dev.slipway.localcloud.logs.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One JVM's log as Lambda keeps it: every line the JVM prints (stdout and stderr) is one event in
 * the function's log group, in a stream of its own named {@code YYYY/MM/DD/[<version>]<32 hex>}
 * (the date the environment started), with Lambda's own {@code START}, {@code END} and {@code
 * REPORT} lines around each invocation. The lines also go to the function's log file, which every
 * JVM of the function shares ({@code slipway logs <function>}).
 */
final class FunctionLog {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

  private final LogSink sink;
  private final String group;
  private final String stream;
  private final OutputStream file;
  private final Object lock = new Object();

  /** How long the JVM's output must have been quiet for its invocation's lines to be complete. */
  private static final long QUIET_NANOS = 5_000_000L;

  private static final long DRAIN_NANOS = 200_000_000L;

  private volatile long lastRead = System.nanoTime() - QUIET_NANOS;

  private FunctionLog(LogSink sink, String group, String stream, OutputStream file) {
    this.sink = sink;
    this.group = group;
    this.stream = stream;
    this.file = file;
  }

  /** A new stream for a JVM of {@code config} starting now; lines are appended to {@code file}. */
  static FunctionLog open(FunctionConfig config, LogSink sink, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    String stream =
        DAY.format(Instant.now()) + "/[" + config.version() + "]" + HexFormat.of().formatHex(id);
    OutputStream out =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new FunctionLog(sink, config.logGroup(), stream, out);
  }

  String stream() {
    return stream;
  }

  /**
   * Reads the JVM's output until it ends, on a platform thread of its own: a blocking read of a
   * pipe holds a virtual thread's carrier, and a few of them would starve the virtual threads that
   * serve the Runtime API.
   */
  void follow(InputStream jvmOutput) {
    Thread.ofPlatform()
        .daemon()
        .name("function-log-" + stream)
        .start(
            () -> {
              byte[] buffer = new byte[8192];
              ByteArrayOutputStream line = new ByteArrayOutputStream();
              try (jvmOutput) {
                int n;
                while ((n = jvmOutput.read(buffer)) > 0) {
                  lastRead = System.nanoTime();
                  synchronized (lock) {
                    for (int i = 0; i < n; i++) {
                      if (buffer[i] == '\n') {
                        line(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                      } else {
                        line.write(buffer[i]);
                      }
                    }
                  }
                }
              } catch (IOException e) {
                // the JVM is gone
              }
              synchronized (lock) {
                if (line.size() > 0) {
                  line(line.toString(StandardCharsets.UTF_8));
                }
                try {
                  file.close();
                } catch (IOException e) {
                  // nothing more to write
                }
              }
            });
  }

  /**
   * Waits (briefly) until what the JVM printed so far is read, so Lambda's {@code END} line comes
   * after the invocation's own output, as on AWS: until the reader has had nothing to read for
   * {@link #QUIET_NANOS}, at most {@link #DRAIN_NANOS}. (The pipe's {@code available()} cannot
   * tell: it waits for the lock the blocked reader holds.)
   */
  void drain() {
    long deadline = System.nanoTime() + DRAIN_NANOS;
    try {
      while (System.nanoTime() - lastRead < QUIET_NANOS && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      // the reader has handed on the chunk it had
    }
  }

  /** One of Lambda's own lines ({@code START}, {@code END}, {@code REPORT}). */
  void platform(String text) {
    synchronized (lock) {
      line(text);
    }
  }

  private void line(String text) {
    try {
      file.write((text + "\n").getBytes(StandardCharsets.UTF_8));
      file.flush();
    } catch (IOException e) {
      // the file is still shown by the store
    }
    try {
      sink.append(group, stream, System.currentTimeMillis(), text);
    } catch (RuntimeException e) {
      System.err.println("lambda: cannot store a log line of " + group + ": " + e.getMessage());
    }
  }

  /** Lambda's {@code REPORT} line (fields separated by tabs, as Lambda writes it). */
  static String report(
      String requestId, double durationMs, int memoryMb, long maxUsedMb, double initMs) {
    StringBuilder b =
        new StringBuilder("REPORT RequestId: ")
            .append(requestId)
            .append("\tDuration: ")
            .append(String.format(java.util.Locale.ROOT, "%.2f", durationMs))
            .append(" ms\tBilled Duration: ")
            .append((long) Math.ceil(durationMs))
            .append(" ms\tMemory Size: ")
            .append(memoryMb)
            .append(" MB\tMax Memory Used: ")
            .append(maxUsedMb)
            .append(" MB\t");
    if (initMs >= 0) {
      b.append("Init Duration: ")
          .append(String.format(java.util.Locale.ROOT, "%.2f", initMs))
          .append(" ms\t");
    }
    return b.toString();
  }

  /** The JVM's peak resident memory in MB ({@code VmHWM}), 0 when it cannot be read. */
  static long maxMemoryUsedMb(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmHWM:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone
    }
    return 0;
  }
}
