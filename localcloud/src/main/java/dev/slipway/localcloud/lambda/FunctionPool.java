package dev.slipway.localcloud.lambda;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * The warm JVMs of one function. An invocation takes an idle JVM, or starts another while fewer
 * than the concurrency limit run (Lambda scales out the same way), or waits for one to free up.
 * Dead JVMs (crashed, timed out) are dropped, so the next invocation starts a fresh one.
 */
final class FunctionPool implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(FunctionPool.class.getName());

  private final FunctionConfig config;
  private final LambdaEnvironment env;
  private final AotCaches aot;
  private final int limit;
  private final Deque<FunctionInstance> idle = new ArrayDeque<>();
  private final List<FunctionInstance> all = new CopyOnWriteArrayList<>();
  private final List<InvocationResult> coldStarts = new CopyOnWriteArrayList<>();
  private int running;
  private boolean closed;
  private volatile long snapshotMillis = -1;

  FunctionPool(FunctionConfig config, LambdaEnvironment env, AotCaches aot, int defaultLimit) {
    this.config = config;
    this.env = env;
    this.aot = aot;
    this.limit =
        config.reservedConcurrency() != null
            ? Math.max(1, config.reservedConcurrency())
            : defaultLimit;
  }

  FunctionConfig config() {
    return config;
  }

  /** Starts one JVM ahead of the first invocation, so it is warm when work arrives. */
  void prewarm() throws IOException {
    synchronized (this) {
      if (closed || running > 0) {
        return;
      }
      running++;
    }
    try {
      FunctionInstance instance = FunctionInstance.launch(config, env, aot);
      all.add(instance);
      release(instance);
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        running--;
      }
      throw e;
    }
  }

  /**
   * Starts one JVM of a SnapStart version and waits until init and its checkpoint hooks are done,
   * as Lambda does when it publishes the version; null when they were, else why not.
   */
  String snapshot(Duration limit) {
    synchronized (this) {
      running++;
    }
    FunctionInstance instance;
    try {
      instance = FunctionInstance.launch(config, env, aot);
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        running--;
      }
      return "cannot start a JVM: " + e.getMessage();
    }
    all.add(instance);
    String failure = instance.awaitCheckpoint(limit);
    if (failure == null) {
      snapshotMillis = instance.checkpointMillis();
      LOG.info(
          config.versionArn()
              + ": SnapStart init and checkpoint hooks took "
              + instance.checkpointMillis()
              + " ms");
    }
    release(instance);
    return failure;
  }

  /** How long the SnapStart init and checkpoint hooks took at publish; -1 without SnapStart. */
  long snapshotMillis() {
    return snapshotMillis;
  }

  /** Runs one invocation on some JVM of this function. */
  InvocationResult invoke(byte[] payload) throws IOException, InterruptedException {
    FunctionInstance instance = acquire();
    InvocationResult result;
    try {
      result = instance.invoke(payload);
    } finally {
      release(instance);
    }
    if (result.coldStart()) {
      coldStarts.add(result);
    }
    return result;
  }

  private FunctionInstance acquire() throws IOException, InterruptedException {
    synchronized (this) {
      while (true) {
        if (closed) {
          throw new IllegalStateException(
              "function " + config.name() + " is being replaced or stopped");
        }
        FunctionInstance ready = idle.pollFirst();
        while (ready != null && ready.dead()) {
          drop(ready);
          ready = idle.pollFirst();
        }
        if (ready != null) {
          return ready;
        }
        if (running < limit) {
          running++;
          break;
        }
        wait();
      }
    }
    try {
      FunctionInstance fresh = FunctionInstance.launch(config, env, aot);
      all.add(fresh);
      return fresh;
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        running--;
        notifyAll();
      }
      throw e;
    }
  }

  private synchronized void release(FunctionInstance instance) {
    if (instance.dead() || closed) {
      drop(instance);
    } else {
      idle.addFirst(instance);
    }
    notifyAll();
  }

  private void drop(FunctionInstance instance) {
    if (all.remove(instance)) {
      running--;
      LOG.fine(
          config.name()
              + ": JVM "
              + instance.pid()
              + " is gone; the next invocation starts another");
    }
  }

  /** True when every running JVM of this function has finished initializing. */
  boolean warm() {
    return all.stream().allMatch(i -> i.dead() || i.ready());
  }

  /** Pids of the JVMs currently running. */
  List<Long> pids() {
    List<Long> out = new ArrayList<>();
    for (FunctionInstance i : all) {
      if (!i.dead()) {
        out.add(i.pid());
      }
    }
    return out;
  }

  /** The cold-start invocations so far (JVM start to first response). */
  List<InvocationResult> coldStarts() {
    return List.copyOf(coldStarts);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    all.parallelStream().forEach(FunctionInstance::close);
    all.clear();
  }
}
