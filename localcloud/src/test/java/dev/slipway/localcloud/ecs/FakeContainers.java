package dev.slipway.localcloud.ecs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory container engine: containers "run" until killed or stopped. */
final class FakeContainers implements TaskContainers {
  final List<Launch> launches = new CopyOnWriteArrayList<>();
  final Set<String> running = ConcurrentHashMap.newKeySet();
  final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
  final Set<String> removed = ConcurrentHashMap.newKeySet();
  final Map<String, Duration> stops = new ConcurrentHashMap<>();
  final AtomicInteger maxRunning = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();
  final AtomicInteger attempts = new AtomicInteger();
  volatile String failingImage = "never";

  @Override
  public Started start(Launch l) {
    attempts.incrementAndGet();
    if (l.image().equals(failingImage)) {
      throw new IllegalStateException("image " + l.image() + " cannot start");
    }
    launches.add(l);
    var id = "c" + ids.incrementAndGet();
    running.add(id);
    maxRunning.accumulateAndGet(running.size(), Math::max);
    var ports = new HashMap<Integer, Integer>();
    l.containerPorts().forEach(p -> ports.put(p, 30000 + ids.get()));
    return new Started(id, ports);
  }

  @Override
  public Map<String, Observed> observe(Collection<String> ids) {
    var out = new HashMap<String, Observed>();
    for (var id : ids) {
      out.put(
          id, new Observed(running.contains(id), running.contains(id) ? 0 : 137, Instant.EPOCH));
    }
    return out;
  }

  @Override
  public boolean check(String id, List<String> command, Duration timeout) {
    return !unhealthy.contains(id);
  }

  @Override
  public Optional<Integer> stop(String id, Duration grace) {
    stops.put(id, grace);
    running.remove(id);
    return Optional.of(143);
  }

  @Override
  public void remove(String id) {
    running.remove(id);
    removed.add(id);
  }

  /** Every container "logs" to a file named after it. */
  @Override
  public Optional<java.nio.file.Path> logFile(String id) {
    return Optional.of(java.nio.file.Path.of("/fake-logs", id + ".log"));
  }

  @Override
  public void removeLeftovers(java.util.Set<String> keep) {}
}
