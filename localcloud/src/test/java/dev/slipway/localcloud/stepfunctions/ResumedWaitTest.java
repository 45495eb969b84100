package dev.slipway.localcloud.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskDispatcher;
import dev.slipway.localcloud.stepfunctions.asl.exec.VirtualClock;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * A canary's steps run in a Map, one at a time: shift traffic, bake (a Wait), analyze. When the
 * engine dies during the second step's bake and starts again, the resumed Map replays the first
 * step from its journal: the replayed bake must not wait again, and the bake that was in progress
 * ends when it was first due, not a whole bake later.
 */
class ResumedWaitTest {
  static final long BAKE = 100;
  static final String DEFINITION =
      """
      {"StartAt":"Steps","States":{
        "Steps":{"Type":"Map","ItemsPath":"$.steps","MaxConcurrency":1,
                 "ItemSelector":{"step.$":"$$.Map.Item.Value"},
                 "ItemProcessor":{"StartAt":"Shift","States":{
                   "Shift":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                            "Parameters":{"key.$":"States.Format('shift-{}', $.step)"},
                            "ResultPath":null,"Next":"Bake"},
                   "Bake":{"Type":"Wait","Seconds":%d,"Next":"Analyze"},
                   "Analyze":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                              "Parameters":{"key.$":"States.Format('analyze-{}', $.step)"},
                              "End":true}}},
                 "End":true}}}
      """
          .formatted(BAKE);

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  final List<String> calls = new CopyOnWriteArrayList<>();

  TaskDispatcher dispatcher() {
    return inv -> {
      Object key = Json.asObject(inv.parameters()).get("key");
      calls.add(String.valueOf(key));
      return CompletableFuture.completedFuture(Map.of("key", key));
    };
  }

  /** A virtual clock whose second sleep never ends: the engine is killed during that bake. */
  static final class SecondSleepHangs implements EngineClock {
    final VirtualClock clock = new VirtualClock(T0);
    final CountDownLatch inSecondSleep = new CountDownLatch(1);
    int sleeps;

    @Override
    public Instant now() {
      return clock.now();
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
      if (++sleeps == 2) {
        inSecondSleep.countDown();
        new CountDownLatch(1).await(); // until the killed engine's thread is interrupted
      }
      clock.sleepUntil(deadline);
    }

    @Override
    public boolean await(Future<?> f, Instant deadline) throws InterruptedException {
      return clock.await(f, deadline);
    }
  }

  @Test
  @Timeout(60)
  void aResumedMapReplaysFinishedBakesWithoutWaitingAndEndsTheCurrentOneWhenItWasDue()
      throws Exception {
    SecondSleepHangs first = new SecondSleepHangs();
    StepFunctionsEngine engine = new StepFunctionsEngine(dir, first, dispatcher()).start();
    StepFunctionsApi api = new StepFunctionsApi(engine, "us-east-1", "000000000000");
    String sm =
        api.createStateMachine(
                CreateStateMachineRequest.builder()
                    .name("canary")
                    .definition(DEFINITION)
                    .roleArn("arn:aws:iam::000000000000:role/r")
                    .build())
            .stateMachineArn();
    String arn =
        api.startExecution(
                StartExecutionRequest.builder()
                    .stateMachineArn(sm)
                    .name("run")
                    .input("{\"steps\":[5,25]}")
                    .build())
            .executionArn();
    assertThat(first.inSecondSleep.await(20, TimeUnit.SECONDS)).isTrue();
    // step 5 baked from T0 to T0+100 s; step 25's bake began at T0+100 s and is due at T0+200 s
    assertThat(first.now()).isEqualTo(T0.plusSeconds(BAKE));
    assertThat(calls).containsExactly("shift-5", "analyze-5", "shift-25");
    engine.kill();

    VirtualClock restarted = new VirtualClock(T0.plusSeconds(BAKE + 30));
    engine = new StepFunctionsEngine(dir, restarted, dispatcher()).start();
    engine.await(arn);

    ExecutionRecord e = engine.execution(arn).orElseThrow();
    assertThat(e.status()).isEqualTo("SUCCEEDED");
    assertThat(Json.write(e.output()))
        .isEqualTo("[{\"key\":\"analyze-5\"},{\"key\":\"analyze-25\"}]");
    assertThat(calls)
        .as("tasks whose results were committed are not called again")
        .containsExactly("shift-5", "analyze-5", "shift-25", "analyze-25");
    assertThat(Duration.between(T0, restarted.now()))
        .as("the resumed bake ends when it was due; the replayed one does not wait again")
        .isEqualTo(Duration.ofSeconds(2 * BAKE));
    engine.close();
  }
}
