package dev.slipway.localcloud.stepfunctions;

import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskDispatcher;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * A Step Functions engine in its own JVM for {@link SigkillRecoveryIT}: {@code <dir> start} creates
 * the state machine and starts the executions; {@code <dir>} resumes. Every task call is appended
 * to {@code calls.log} before it runs; the process exits once no execution is running.
 */
public final class EngineProcess {
  static final int EXECUTIONS = 3;

  private EngineProcess() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path log = dir.resolve("calls.log");
    TaskDispatcher dispatcher =
        inv -> {
          Map<String, Object> p = Json.asObject(inv.parameters());
          append(log, inv.executionArn() + " " + p.get("key"));
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("key", p.get("key"));
          out.put("n", ((Number) p.get("n")).longValue() + 1);
          return CompletableFuture.supplyAsync(
              () -> (Object) out, CompletableFuture.delayedExecutor(15, TimeUnit.MILLISECONDS));
        };
    StepFunctionsEngine engine =
        new StepFunctionsEngine(dir.resolve("state"), EngineClock.system(), dispatcher).start();
    if (args.length > 1 && args[1].equals("start")) {
      StepFunctionsApi api = new StepFunctionsApi(engine, "us-east-1", "000000000000");
      String sm =
          api.createStateMachine(
                  CreateStateMachineRequest.builder()
                      .name("sigkill")
                      .definition(
                          CrashRecoveryTest.DEFINITION.replace("\"Seconds\":1", "\"Seconds\":0"))
                      .roleArn("arn:aws:iam::000000000000:role/r")
                      .build())
              .stateMachineArn();
      for (int i = 0; i < EXECUTIONS; i++) {
        api.startExecution(
            StartExecutionRequest.builder()
                .stateMachineArn(sm)
                .name("run-" + i)
                .input("{\"n\":" + (10 * i) + ",\"items\":[1,2,3,4,5]}")
                .build());
      }
    }
    while (engine.executions().stream().anyMatch(e -> e.status().equals("RUNNING"))) {
      Thread.sleep(20);
    }
    engine.close();
    System.exit(0);
  }

  private static synchronized void append(Path log, String line) {
    try {
      Files.writeString(
          log,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
