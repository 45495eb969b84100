package dev.slipway.localcloud.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.stepfunctions.asl.exec.VirtualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tasks awaiting an outside result on a {@link VirtualClock} that never comes (the Map iterations
 * of an engine a crash test kills stay behind like that) must leave the virtual-thread carriers
 * free. Polling with {@code Object.wait} on the clock pinned the carriers once the loop was
 * compiled, so an execution thread started later in the same JVM never ran and its await hung.
 */
class VirtualClockCarrierTest {
  @Test
  @Timeout(60)
  void awaitingTasksLeaveCarriersToOtherVirtualThreads() throws Exception {
    VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    Instant never = Instant.parse("2100-01-01T00:00:00Z");
    int carriers =
        Integer.getInteger(
            "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
    int count = carriers * 16;
    List<CompletableFuture<Object>> pending = new ArrayList<>();
    List<Thread> waiters = new ArrayList<>();
    CountDownLatch waiting = new CountDownLatch(count);
    int probes = 0;
    try {
      for (int i = 0; i < count; i++) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        pending.add(f);
        waiters.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      waiting.countDown();
                      try {
                        clock.await(f, never);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
      }
      assertThat(waiting.await(20, TimeUnit.SECONDS)).as("waiters started").isTrue();
      // keep probing for a while: the waiting loop gets compiled, as in a long test run
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
      while (System.nanoTime() < end) {
        CountDownLatch ran = new CountDownLatch(1);
        Thread.ofVirtual().start(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS))
            .as("probe %d: a new virtual thread runs while %d tasks await", probes, count)
            .isTrue();
        probes++;
      }
    } finally {
      pending.forEach(f -> f.complete("done"));
      for (Thread t : waiters) {
        t.join(20_000);
      }
    }
    assertThat(probes).isPositive();
    assertThat(waiters).noneMatch(Thread::isAlive);
  }
}
