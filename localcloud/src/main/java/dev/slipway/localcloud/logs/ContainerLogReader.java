package dev.slipway.localcloud.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/**
 * What the awslogs log driver and CloudWatch Logs do with a task container's output: each line the
 * container prints (stdout and stderr, as the driver sends both) is one log event, stored in its
 * group and stream through the {@code events} sink (the local CloudWatch Logs), and the events in
 * the CloudWatch embedded metric format become metrics through {@link EmbeddedMetricFormat} and the
 * {@code sink} (PutMetricData of the local CloudWatch). An event's timestamp is the time podman
 * recorded for the line.
 *
 * <p>The lines are read from the container's log file in podman's k8s-file format ({@code <RFC 3339
 * time> <stdout|stderr> <P|F> <text>}, a line podman split into {@code P} parts being joined again
 * up to its {@code F} part). One thread polls every followed file every {@link #INTERVAL} (a stat
 * per file when nothing changed), so metrics are visible well within 2 seconds of the line; no
 * process runs per container. Lines longer than {@link #MAX_EVENT_BYTES} are split by the awslogs
 * driver into several events, so such a line gives no metric here either.
 *
 * <p>How far each file was read is saved in {@code offsetsFile}, so a restarted local mode that
 * adopts running containers goes on from where the previous run stopped: no line is lost or read
 * twice, except the lines of the last {@link #INTERVAL} before a crash, which may be read again
 * (CloudWatch, too, delivers EMF metrics at least once and may duplicate some).
 */
public final class ContainerLogReader implements AutoCloseable {
  /** How often the followed files are read. */
  public static final Duration INTERVAL = Duration.ofMillis(250);

  /** The awslogs driver's largest event: 256 KiB less PutLogEvents' 26 bytes per event. */
  static final int MAX_EVENT_BYTES = 262_144 - 26;

  /** At most this much of a file is read per poll, so one chatty container cannot hold the rest. */
  private static final int READ_CHUNK = 1 << 20;

  private final Path offsetsFile;
  private final Consumer<PutMetricDataRequest> sink;
  private final LogSink events;
  private final Clock clock;
  private final Map<String, Follower> followers = new ConcurrentHashMap<>();
  private final Map<String, Long> saved;
  private final Thread thread;
  private volatile boolean closed;
  private Map<String, Long> lastWritten = Map.of();

  /** Reads followed files every {@link #INTERVAL}, metrics to {@code sink}. */
  public ContainerLogReader(Path offsetsFile, Consumer<PutMetricDataRequest> sink) {
    this(offsetsFile, sink, LogSink.NONE);
  }

  /** As above, every line also stored as a log event through {@code events}. */
  public ContainerLogReader(Path offsetsFile, Consumer<PutMetricDataRequest> sink, LogSink events) {
    this(offsetsFile, sink, events, Clock.systemUTC(), true);
  }

  /** With {@code poll} false no thread runs: tests call {@link #poll()} themselves. */
  ContainerLogReader(
      Path offsetsFile, Consumer<PutMetricDataRequest> sink, Clock clock, boolean poll) {
    this(offsetsFile, sink, LogSink.NONE, clock, poll);
  }

  ContainerLogReader(
      Path offsetsFile,
      Consumer<PutMetricDataRequest> sink,
      LogSink events,
      Clock clock,
      boolean poll) {
    this.offsetsFile = offsetsFile;
    this.sink = sink;
    this.events = events;
    this.clock = clock;
    this.saved = load(offsetsFile);
    this.lastWritten = Map.copyOf(saved);
    this.thread =
        poll ? Thread.ofPlatform().daemon().name("container-logs").start(this::run) : null;
  }

  /**
   * Follows the log file of container {@code id}: from where an earlier run of local mode stopped
   * reading it, or from its start.
   */
  public void follow(String id, Path logFile) {
    follow(id, logFile, null, null);
  }

  /** As above, its lines stored as events of {@code group} and {@code stream} (null: not). */
  public void follow(String id, Path logFile, String group, String stream) {
    followers.computeIfAbsent(
        id, k -> new Follower(k, logFile, saved.getOrDefault(k, 0L), group, stream));
  }

  /**
   * Reads what container {@code id} printed last (call it once the container stopped, before it is
   * removed with its log file) and stops following it.
   */
  public void finish(String id) {
    var f = followers.get(id);
    if (f == null) {
      return;
    }
    synchronized (f) {
      f.read(true);
      f.flush();
    }
    followers.remove(id);
    saveOffsets();
  }

  /** Reads every followed file once (what the thread does each interval). */
  void poll() {
    for (var f : followers.values()) {
      synchronized (f) {
        if (followers.containsKey(f.id)) {
          f.read(false);
        }
      }
    }
    saveOffsets();
  }

  /** The followed containers' ids. */
  java.util.Set<String> following() {
    return java.util.Set.copyOf(followers.keySet());
  }

  private void run() {
    while (!closed) {
      try {
        poll();
      } catch (RuntimeException e) {
        System.err.println("logs: reading container logs failed: " + e.getMessage());
      }
      try {
        Thread.sleep(INTERVAL);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops the thread; what was read so far stays saved for the next run. */
  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    saveOffsets();
  }

  private synchronized void saveOffsets() {
    var now = new TreeMap<String, Long>();
    followers.values().forEach(f -> now.put(f.id, f.offset));
    if (now.equals(lastWritten)) {
      return;
    }
    var p = new Properties();
    now.forEach((k, v) -> p.setProperty(k, Long.toString(v)));
    try {
      Files.createDirectories(offsetsFile.getParent());
      var tmp = offsetsFile.resolveSibling(offsetsFile.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "how far local mode read each task container's log file");
      }
      Files.move(
          tmp, offsetsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      lastWritten = Map.copyOf(now);
    } catch (IOException e) {
      System.err.println("logs: cannot save " + offsetsFile + ": " + e.getMessage());
    }
  }

  private static Map<String, Long> load(Path file) {
    var out = new ConcurrentHashMap<String, Long>();
    if (!Files.exists(file)) {
      return out;
    }
    var p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    for (var k : p.stringPropertyNames()) {
      try {
        out.put(k, Long.parseLong(p.getProperty(k).strip()));
      } catch (NumberFormatException e) {
        // a damaged entry: that container's file is read from its start
      }
    }
    return out;
  }

  /** One container's log file: how far it was read and the parts of a line podman split. */
  private final class Follower {
    final String id;
    final Path file;
    long offset;
    final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    boolean oversized;
    boolean reported;

    final String group;
    final String stream;
    long partialTime = -1;

    Follower(String id, Path file, long offset, String group, String stream) {
      this.id = id;
      this.file = file;
      this.offset = offset;
      this.group = group;
      this.stream = stream;
    }

    /** Reads the complete records added since the last read; {@code all}: until the end. */
    void read(boolean all) {
      do {
        long size;
        try {
          size = Files.size(file);
        } catch (NoSuchFileException e) {
          return; // removed with its container
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (size < offset) {
          // rotated or truncated: the file starts again
          offset = 0;
          partial.reset();
        }
        if (size == offset) {
          return;
        }
        var buffer = ByteBuffer.allocate((int) Math.min(READ_CHUNK, size - offset));
        try (var ch = FileChannel.open(file, StandardOpenOption.READ)) {
          while (buffer.hasRemaining() && ch.read(buffer, offset + buffer.position()) > 0) {
            // keep reading until the chunk is full or the file ends
          }
        } catch (NoSuchFileException e) {
          return;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        var bytes = buffer.array();
        var length = buffer.position();
        int start = 0;
        for (int i = 0; i < length; i++) {
          if (bytes[i] == '\n') {
            record(bytes, start, i);
            start = i + 1;
          }
        }
        if (start == 0 && length == READ_CHUNK) {
          // a record longer than a chunk is no k8s-file record (podman splits long lines)
          oversized = true;
          partial.reset();
          start = length;
        }
        offset += start;
        if (start == 0) {
          return; // only an incomplete record: its end comes later
        }
      } while (all);
    }

    /** The driver sends a last line without its newline as an event when the container ends. */
    void flush() {
      if (partial.size() > 0 && !oversized) {
        event(partial.toString(StandardCharsets.UTF_8));
      }
      partial.reset();
      partialTime = -1;
      oversized = false;
    }

    /** One k8s-file record: {@code <time> <stream> <P|F> <text>}. */
    private void record(byte[] bytes, int from, int to) {
      int first = indexOf(bytes, ' ', from, to);
      int second = first < 0 ? -1 : indexOf(bytes, ' ', first + 1, to);
      if (second < 0 || second + 2 > to) {
        return; // not a record
      }
      var flag = bytes[second + 1];
      int text = Math.min(to, second + 3);
      if (partialTime < 0) {
        partialTime = recordTime(new String(bytes, from, first - from, StandardCharsets.UTF_8));
      }
      appendPart(bytes, text, to);
      if (flag == 'F') {
        if (!oversized) {
          event(partial.toString(StandardCharsets.UTF_8));
        }
        partial.reset();
        partialTime = -1;
        oversized = false;
      }
    }

    private void appendPart(byte[] bytes, int from, int to) {
      if (oversized) {
        return;
      }
      if (partial.size() + (to - from) > MAX_EVENT_BYTES) {
        oversized = true;
        partial.reset();
        return;
      }
      partial.write(bytes, from, to - from);
    }

    private void event(String message) {
      if (group != null) {
        try {
          events.append(group, stream, partialTime < 0 ? clock.millis() : partialTime, message);
        } catch (RuntimeException ex) {
          report("its log events were refused: " + ex.getMessage());
        }
      }
      var e = EmbeddedMetricFormat.extract(message, clock.instant());
      if (e.emf() && !e.valid()) {
        report(
            "printed an embedded metric format line CloudWatch would not extract: " + e.problem());
      }
      for (var r : e.requests()) {
        try {
          sink.accept(r);
        } catch (RuntimeException ex) {
          report("its embedded metric format metrics were refused: " + ex.getMessage());
        }
      }
    }

    /** One message per container, so a service printing bad EMF every second cannot flood. */
    private void report(String what) {
      if (!reported) {
        reported = true;
        System.err.println(
            "logs: container " + id + " " + what + " (further problems are not reported)");
      }
    }
  }

  /** A k8s-file record's RFC 3339 time in epoch milliseconds, or -1 when it is not one. */
  static long recordTime(String text) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      return -1;
    }
  }

  private static int indexOf(byte[] bytes, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
