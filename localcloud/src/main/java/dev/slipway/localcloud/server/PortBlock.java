package dev.slipway.localcloud.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Finds an endpoint port for "any free port" whose neighbours are free too: local mode derives
 * other ports from the endpoint's (the registry at +1, load balancers from +34), so a kernel-chosen
 * port is not enough. The block lies below Linux's ephemeral range (32768+), where outgoing
 * connections cannot take a derived port between this check and its use.
 */
public final class PortBlock {
  /** Ports local mode may use from the endpoint port on. */
  public static final int SIZE = 64;

  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;

  private PortBlock() {}

  /** A port p on 127.0.0.1 with p … p + SIZE - 1 all free. */
  public static int find() {
    Random random = new Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = LOW + random.nextInt(HIGH - LOW - SIZE);
      if (IntStream.range(base, base + SIZE).allMatch(PortBlock::bindable)) {
        return base;
      }
    }
    throw new UncheckedIOException(
        new IOException(
            "no block of "
                + SIZE
                + " free ports between "
                + LOW
                + " and "
                + HIGH
                + " on 127.0.0.1"));
  }

  /** The first port of {@code base} … {@code base + SIZE - 1} that is taken on 127.0.0.1. */
  public static OptionalInt firstTaken(int base) {
    return firstTaken(base, java.util.Set.of());
  }

  /** As {@link #firstTaken(int)}, not counting {@code ours} (held by what local mode adopts). */
  public static OptionalInt firstTaken(int base, java.util.Set<Integer> ours) {
    return IntStream.range(base, Math.min(base + SIZE, 65_536))
        .filter(p -> !ours.contains(p) && !bindable(p))
        .findFirst();
  }

  /**
   * The first endpoint port after {@code base}, in steps of {@link #SIZE}, whose block is free: a
   * port to suggest when {@code base}'s block is taken.
   */
  public static OptionalInt nextFreeAfter(int base) {
    for (int candidate = base + SIZE; candidate + SIZE <= 65_536; candidate += SIZE) {
      if (firstTaken(candidate).isEmpty()) {
        return OptionalInt.of(candidate);
      }
    }
    return OptionalInt.empty();
  }

  private static boolean bindable(int port) {
    try {
      new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
