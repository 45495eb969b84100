package dev.slipway.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Peak resident memory of local mode, sampled once a second: every process whose command line names
 * the state dir (the server, function JVMs, registry, HAProxy, conmon) plus their descendants (the
 * containers' processes), summed from {@code /proc/<pid>/status} VmRSS.
 */
final class ProcessMemory implements AutoCloseable {
  private final String stateDir;
  private final AtomicLong peakKib = new AtomicLong();
  private volatile boolean running = true;
  private final Thread sampler;

  ProcessMemory(Path stateDir) {
    this.stateDir = stateDir.toString();
    sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (running) {
                    peakKib.accumulateAndGet(totalKib(), Math::max);
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                  }
                });
  }

  long peakMib() {
    return peakKib.get() / 1024;
  }

  private long totalKib() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(stateDir)).orElse(false))
        .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
        .distinct()
        .mapToLong(p -> rssKib(p.pid()))
        .sum();
  }

  private static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended between listing and reading
    }
    return 0;
  }

  @Override
  public void close() {
    running = false;
  }
}
