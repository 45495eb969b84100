package dev.slipway.localcloud.elbv2;

/**
 * Where listeners bind on 127.0.0.1. Load balancer number {@code n} (in creation order, from 0)
 * owns the ten ports {@code base + 10n … base + 10n + 9}: listener port 80 takes the first, 443 the
 * second, 8080 the third, 8443 the fourth, any other port the next free one of the block.
 */
record ListenerPorts(int base) {
  static final int BLOCK = 10;

  int blockStart(int loadBalancerIndex) {
    return base + BLOCK * loadBalancerIndex;
  }

  int localPort(int loadBalancerIndex, int listenerPort, java.util.Set<Integer> taken) {
    var start = blockStart(loadBalancerIndex);
    var preferred =
        switch (listenerPort) {
          case 80 -> 0;
          case 443 -> 1;
          case 8080 -> 2;
          case 8443 -> 3;
          default -> -1;
        };
    if (preferred >= 0 && !taken.contains(start + preferred)) {
      return start + preferred;
    }
    for (int slot = 4; slot < BLOCK; slot++) {
      if (!taken.contains(start + slot)) {
        return start + slot;
      }
    }
    throw Elbv2Errors.invalidConfiguration(
        "Local mode has room for "
            + BLOCK
            + " listeners per load balancer (127.0.0.1:"
            + start
            + "-"
            + (start + BLOCK - 1)
            + "); delete one first");
  }
}
