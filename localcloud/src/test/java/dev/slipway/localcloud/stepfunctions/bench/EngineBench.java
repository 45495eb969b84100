package dev.slipway.localcloud.stepfunctions.bench;

import dev.slipway.localcloud.stepfunctions.ExecutionRecord;
import dev.slipway.localcloud.stepfunctions.StateMachineRecord;
import dev.slipway.localcloud.stepfunctions.StepFunctionsEngine;
import dev.slipway.localcloud.stepfunctions.asl.exec.CallbackRegistry;
import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionDriver;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionIdentity;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionRun;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionStore;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskDispatcher;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Prints engine throughput: a 1,000-state Pass chain, a Map over 1,000 items, and the engine's
 * overhead per Task call (a dispatcher that answers at once), in memory and with the SQLite store
 * committing every transition. Run: {@code localcloud/bench-stepfunctions}.
 */
public final class EngineBench {
  private static final TaskDispatcher IMMEDIATE =
      inv -> CompletableFuture.completedFuture(Map.of("ok", true));

  private EngineBench() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    String chain = chain(1000, "Pass", "");
    String tasks =
        chain(1000, "Task", ",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"ResultPath\":null");
    String map =
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":0,"
            + "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
            + "\"End\":true}}},\"End\":true}}}";
    Object items = java.util.stream.IntStream.range(0, 1000).boxed().map(i -> (Object) i).toList();
    for (int warm = 0; warm < 20; warm++) {
      inMemory(chain, Map.of());
      inMemory(map, items);
      inMemory(tasks, Map.of());
    }
    long passNs = best(() -> inMemory(chain, Map.of()));
    report("Pass chain, 1,000 states, in memory", passNs, 1000);
    report("Map, 1,000 items (1 Pass each), in memory", best(() -> inMemory(map, items)), 1000);
    double taskNs = best(() -> inMemory(tasks, Map.of())) - passNs;
    System.out.printf(
        "Task overhead over Pass, in memory: %.1f µs per Task call%n", taskNs / 1000 / 1000);
    Path dir = Files.createTempDirectory("sfn-bench");
    try (StepFunctionsEngine engine =
        new StepFunctionsEngine(dir, EngineClock.system(), IMMEDIATE).start()) {
      for (int warm = 0; warm < 3; warm++) {
        durable(engine, "warm" + warm, chain, Map.of());
        durable(engine, "warmtasks" + warm, tasks, Map.of());
      }
      report("Pass chain, 1,000 states, SQLite", durable(engine, "chain", chain, Map.of()), 1000);
      report("Map, 1,000 items, SQLite", durable(engine, "map", map, items), 1000);
      long t = durable(engine, "tasks", tasks, Map.of());
      System.out.printf(
          "Task call, SQLite (transition committed per Task): %.1f µs per Task%n",
          t / 1000.0 / 1000);
    }
  }

  private interface Run {
    long nanos() throws Exception;
  }

  private static long best(Run r) throws Exception {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      best = Math.min(best, r.nanos());
    }
    return best;
  }

  private static String chain(int n, String type, String extra) {
    StringBuilder b = new StringBuilder("{\"StartAt\":\"S0\",\"States\":{");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",")
          .append("\"S")
          .append(i)
          .append("\":{\"Type\":\"")
          .append(type)
          .append("\"")
          .append(extra)
          .append(i == n - 1 ? ",\"End\":true}" : ",\"Next\":\"S" + (i + 1) + "\"}");
    }
    return b.append("}}").toString();
  }

  private static long inMemory(String definition, Object input) {
    StateMachine machine = DefinitionParser.parse(definition);
    ExecutionIdentity id =
        new ExecutionIdentity(
            "arn:aws:states:us-east-1:0:execution:b:e",
            "e",
            "arn:aws:states:us-east-1:0:stateMachine:b",
            "b",
            null,
            Instant.now(),
            input);
    ExecutionRun run =
        new ExecutionRun(
            id,
            EngineClock.system(),
            IMMEDIATE,
            new CallbackRegistry(),
            ExecutionStore.NONE,
            List.of());
    long start = System.nanoTime();
    ExecutionResult r =
        new ExecutionDriver().run(run, machine, machine.startAt(), input, Map.of(), true);
    long took = System.nanoTime() - start;
    if (!r.status().equals("SUCCEEDED")) {
      throw new IllegalStateException("benchmark execution failed: " + r);
    }
    return took;
  }

  private static long durable(
      StepFunctionsEngine engine, String name, String definition, Object input)
      throws InterruptedException {
    Instant now = Instant.now();
    StateMachineRecord m =
        new StateMachineRecord(
            "arn:aws:states:us-east-1:000000000000:stateMachine:" + name,
            name,
            definition,
            null,
            "STANDARD",
            now,
            now);
    engine.putStateMachine(m);
    long start = System.nanoTime();
    ExecutionRecord e = engine.startExecution(m, "run", input);
    ExecutionRecord done = engine.await(e.arn());
    long took = System.nanoTime() - start;
    if (!done.status().equals("SUCCEEDED")) {
      throw new IllegalStateException("benchmark execution failed: " + done);
    }
    return took;
  }

  private static void report(String what, long nanos, int transitions) {
    System.out.printf(
        "%-45s %8.1f ms  %,10.0f transitions/s%n", what, nanos / 1e6, transitions / (nanos / 1e9));
  }
}
