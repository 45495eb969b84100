package dev.slipway.localcloud.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import dev.slipway.localcloud.stepfunctions.asl.exec.HistoryEvent;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the engine in a child JVM ({@link EngineProcess}) and kills it with SIGKILL at random points
 * (after 1-4 new task calls), restarting it each time, then checks every execution's output and
 * that each committed task result appears once. Seed 4566.
 */
class SigkillRecoveryIT {
  @TempDir Path dir;

  @Test
  @Timeout(240)
  void executionsSurviveSigkill() throws Exception {
    Random random = new Random(4566);
    Process p = start(true);
    int kills = 0;
    for (int round = 0; round < 8 && p.isAlive(); round++) {
      int target = lines() + 1 + random.nextInt(4);
      Process current = p;
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> lines() >= target || !current.isAlive());
      if (!p.isAlive()) {
        break;
      }
      p.destroyForcibly().waitFor(); // SIGKILL on Linux
      kills++;
      p = start(false);
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(kills).isPositive();
    try (StepFunctionsEngine engine =
        new StepFunctionsEngine(
            dir.resolve("state"), EngineClock.system(), inv -> new CompletableFuture<>())) {
      engine.start();
      List<ExecutionRecord> all = engine.executions();
      assertThat(all).hasSize(EngineProcess.EXECUTIONS);
      for (ExecutionRecord e : all) {
        assertThat(e.status()).isEqualTo("SUCCEEDED");
        long n0 = ((Number) Json.asObject(e.input()).get("n")).longValue();
        assertThat(Json.asObject(e.output()).get("n")).isEqualTo(n0 + 3);
        Map<String, Integer> succeeded = new HashMap<>();
        for (HistoryEvent ev : engine.history(e.arn())) {
          if (ev.type().equals("TaskSucceeded")) {
            Object key = Json.asObject(Json.parse((String) ev.details().get("output"))).get("key");
            succeeded.merge((String) key, 1, Integer::sum);
          }
        }
        assertThat(succeeded).hasSize(9).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1));
      }
    }
    System.out.println("SigkillRecoveryIT: " + kills + " SIGKILLs, " + lines() + " task calls");
  }

  private Process start(boolean fresh) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(EngineProcess.class.getName());
    cmd.add(dir.toString());
    if (fresh) {
      cmd.add("start");
    }
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }

  private int lines() throws IOException {
    Path log = dir.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }
}
