package dev.slipway.localcloud.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link SteadyLoad} has seen: requests answered or failed, and how many answers each
 * version gave. Cumulative; {@link #since} gives the counts of a time window.
 *
 * @param failed requests answered with a non-2xx status, or not answered at all
 * @param versions the {@code version} of each 2xx answer (the git SHA the service reports)
 */
public record LoadCounts(long requests, long failed, Map<String, Long> versions) {
  public LoadCounts {
    versions = Map.copyOf(versions);
  }

  /** No requests. */
  public static LoadCounts none() {
    return new LoadCounts(0, 0, Map.of());
  }

  /** The counts between {@code earlier} and this snapshot. */
  public LoadCounts since(LoadCounts earlier) {
    Map<String, Long> diff = new HashMap<>();
    versions.forEach(
        (version, n) -> {
          long d = n - earlier.versions.getOrDefault(version, 0L);
          if (d > 0) {
            diff.put(version, d);
          }
        });
    return new LoadCounts(requests - earlier.requests, failed - earlier.failed, diff);
  }

  /** The version that answered most requests, if any answered. */
  public Optional<String> mostServed() {
    return versions.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }
}
