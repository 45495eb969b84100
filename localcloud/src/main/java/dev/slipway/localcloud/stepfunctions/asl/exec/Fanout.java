package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs Map iterations or Parallel branches on virtual threads, at most {@code limit} at a time (0 =
 * no limit); with fail-fast the first failure interrupts the others.
 */
final class Fanout {
  /** One unit of work. */
  interface Unit {
    Object run(int index) throws StateFailure, InterruptedException;
  }

  /** Per-index result or failure. */
  record Outcome(Object[] results, StateFailure[] failures) {
    int failureCount() {
      int n = 0;
      for (StateFailure f : failures) {
        n += f == null ? 0 : 1;
      }
      return n;
    }
  }

  private Fanout() {}

  static Outcome run(ExecutionRun run, int count, int limit, boolean failFast, Unit unit)
      throws InterruptedException {
    Object[] results = new Object[count];
    StateFailure[] failures = new StateFailure[count];
    if (count == 0) {
      return new Outcome(results, failures);
    }
    if (limit == 1 || count == 1) {
      for (int i = 0; i < count; i++) {
        try {
          results[i] = unit.run(i);
        } catch (StateFailure f) {
          failures[i] = f;
          if (failFast) {
            break;
          }
        }
      }
      return new Outcome(results, failures);
    }
    Semaphore permits = new Semaphore(limit <= 0 ? Integer.MAX_VALUE : limit);
    List<Thread> threads = new ArrayList<>(count);
    AtomicReference<InterruptedException> stopped = new AtomicReference<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      permits.acquire();
      if (failFast && hasFailure(failures)) {
        permits.release();
        break;
      }
      Thread t =
          Thread.ofVirtual()
              .unstarted(
                  () -> {
                    try {
                      runOne(unit, index, results, failures, failFast ? threads : null, stopped);
                    } finally {
                      permits.release();
                      run.unregister(Thread.currentThread());
                    }
                  });
      synchronized (threads) {
        threads.add(t);
      }
      run.register(t);
      t.start();
    }
    try {
      for (Thread t : List.copyOf(threads)) {
        t.join();
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      throw e;
    }
    if (stopped.get() != null && !hasFailure(failures)) {
      throw stopped.get();
    }
    return new Outcome(results, failures);
  }

  /** One unit on its own thread; with {@code cancel} set, a failure interrupts the others. */
  private static void runOne(
      Unit unit,
      int index,
      Object[] results,
      StateFailure[] failures,
      List<Thread> cancel,
      AtomicReference<InterruptedException> stopped) {
    try {
      results[index] = unit.run(index);
    } catch (StateFailure f) {
      synchronized (failures) {
        failures[index] = f;
      }
      if (cancel != null) {
        synchronized (cancel) {
          cancel.forEach(
              other -> {
                if (other != Thread.currentThread()) {
                  other.interrupt();
                }
              });
        }
      }
    } catch (InterruptedException e) {
      stopped.compareAndSet(null, e);
    } catch (EngineKilled e) {
      stopped.compareAndSet(null, new InterruptedException("engine killed"));
    }
  }

  private static boolean hasFailure(StateFailure[] failures) {
    synchronized (failures) {
      for (StateFailure f : failures) {
        if (f != null) {
          return true;
        }
      }
      return false;
    }
  }

  /** The lowest-index failure (AWS reports the first failed branch/iteration). */
  static StateFailure first(StateFailure[] failures) {
    for (StateFailure f : failures) {
      if (f != null) {
        return f;
      }
    }
    return null;
  }
}
