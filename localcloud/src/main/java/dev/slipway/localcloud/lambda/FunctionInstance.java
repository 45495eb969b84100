package dev.slipway.localcloud.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One execution environment: a JVM running the function's handler under the runtime interface
 * client, with its own Runtime API server. It serves one invocation at a time; a timed-out or
 * crashed JVM is dead and its pool starts another.
 */
final class FunctionInstance implements AutoCloseable {
  /** How long Lambda lets the init phase run before the first invocation's timeout starts. */
  private static final int INIT_SECONDS = 10;

  private final FunctionConfig config;
  private final RuntimeApiServer api;
  private final Process process;
  private final long launchedNanos;
  private final AotCaches aot;
  private final String aotTrainingKey;
  private final FunctionLog log;
  private volatile boolean dead;
  private volatile boolean served;

  private FunctionInstance(
      FunctionConfig config,
      RuntimeApiServer api,
      Process process,
      long launchedNanos,
      AotCaches aot,
      String key,
      FunctionLog log) {
    this.config = config;
    this.log = log;
    this.api = api;
    this.process = process;
    this.launchedNanos = launchedNanos;
    this.aot = aot;
    this.aotTrainingKey = key;
    process.onExit().thenRun(this::exited);
  }

  /** Starts the JVM; it initializes in the background and then polls for work. */
  static FunctionInstance launch(FunctionConfig config, LambdaEnvironment env, AotCaches aot)
      throws IOException {
    RuntimeApiServer api = new RuntimeApiServer();
    List<Path> classpath = RuntimeFiles.classpath(config.code());
    AotCaches.Flags flags = aot.flags(classpath);
    List<String> command = new ArrayList<>();
    command.add(RuntimeFiles.java().toString());
    // Lambda's Java runtimes stop at C1 and use the serial collector for small functions.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.add("-Xmx" + config.memoryMb() + "m");
    command.addAll(flags.options());
    command.addAll(
        List.of("--enable-native-access=ALL-UNNAMED", "-Djava.net.preferIPv4Stack=true"));
    // as Lambda's Java runtimes do: org.crac's hooks (Resource) reach the runtime client's
    // checkpoint and restore calls, which it makes when AWS_LAMBDA_INITIALIZATION_TYPE=snap-start
    command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
    command.add(
        "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
            + env.jniLibrary());
    // a JVM crash report goes next to the function's log, not into the code directory
    command.add(
        "-XX:ErrorFile="
            + env.logFile(config.name()).resolveSibling(config.name() + "-hs_err_%p.log"));
    command.add("-cp");
    command.add(
        classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
    command.add(config.handler());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    FunctionLog log = FunctionLog.open(config, env.logs(), env.logFile(config.name()));
    pb.environment().putAll(env.variables(config, api.address(), log.stream()));
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
    pb.directory(
        Files.isDirectory(config.code())
            ? config.code().toFile()
            : config.code().toAbsolutePath().getParent().toFile());
    long launched = System.nanoTime();
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      api.close();
      aot.trainingDone(flags.trainingKey());
      log.follow(java.io.InputStream.nullInputStream());
      throw e;
    }
    log.follow(process.getInputStream());
    env.processes().started(process, "lambda:" + config.name());
    return new FunctionInstance(config, api, process, launched, aot, flags.trainingKey(), log);
  }

  /** True once the runtime has asked for work: the JVM finished initializing. */
  boolean ready() {
    return api.firstPoll().isDone();
  }

  boolean dead() {
    return dead;
  }

  long pid() {
    return process.pid();
  }

  /** Runs one invocation to completion, timeout or crash. Never throws for function failures. */
  InvocationResult invoke(byte[] payload) {
    String requestId = UUID.randomUUID().toString();
    boolean cold = !served;
    served = true;
    log.platform("START RequestId: " + requestId + " Version: " + config.version());
    long start = System.nanoTime();
    try {
      return run(requestId, payload, cold, start);
    } finally {
      log.drain();
      Long firstPoll = api.firstPoll().getNow(null);
      // Duration counts from the handler's start: after init on a cold start
      double durationMs =
          (System.nanoTime() - (firstPoll == null ? start : Math.max(start, firstPoll))) / 1e6;
      // Init Duration: a cold start's JVM launch to its first request for work (none for a
      // version whose init ran when it was published)
      double initMs =
          cold && firstPoll != null && !api.checkpoint().isDone()
              ? (firstPoll - launchedNanos) / 1e6
              : -1;
      log.platform("END RequestId: " + requestId);
      log.platform(
          FunctionLog.report(
              requestId,
              durationMs,
              config.memoryMb(),
              FunctionLog.maxMemoryUsedMb(process.pid()),
              initMs));
    }
  }

  private InvocationResult run(String requestId, byte[] payload, boolean cold, long start) {
    long timeoutMs = config.timeoutSeconds() * 1000L;
    long deadline = System.currentTimeMillis() + timeoutMs + (cold ? INIT_SECONDS * 1000L : 0);
    CompletableFuture<RuntimeApiServer.Outcome> outcome =
        api.submit(new RuntimeApiServer.Invocation(requestId, payload, deadline, config.arn()));
    CompletableFuture<Object> first =
        CompletableFuture.anyOf(outcome, api.initError(), process.onExit());
    try {
      Object done =
          first.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      // a cold start counts from the JVM's launch; one resumed from a SnapStart checkpoint (as a
      // restored snapshot, whose init ran when the version was published) from the invocation
      long took =
          (System.nanoTime() - (cold && !api.checkpoint().isDone() ? launchedNanos : start))
              / 1_000_000;
      if (done instanceof RuntimeApiServer.Outcome o
          && outcome.isDone()
          && outcome.getNow(null) == o) {
        return new InvocationResult(o.body(), o.error() ? "Unhandled" : null, took, cold);
      }
      if (done instanceof RuntimeApiServer.Outcome init) {
        kill();
        return new InvocationResult(init.body(), "Unhandled", took, cold);
      }
      return error(
          "Runtime.ExitError",
          "RequestId: "
              + requestId
              + " Error: Runtime exited with error: exit status "
              + exitCode(),
          took,
          cold);
    } catch (TimeoutException e) {
      kill();
      return error(
          "Sandbox.Timedout",
          "RequestId: "
              + requestId
              + " Error: Task timed out after "
              + config.timeoutSeconds()
              + ".00 seconds",
          (System.nanoTime() - start) / 1_000_000,
          cold);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      return error("Runtime.ExitError", "invocation interrupted", 0, cold);
    } catch (ExecutionException e) {
      return error("Runtime.ExitError", String.valueOf(e.getCause()), 0, cold);
    }
  }

  /**
   * Waits until a JVM initializing for SnapStart has run init and its checkpoint hooks and asks to
   * be restored; null when it did, else why not (the JVM is then stopped).
   */
  String awaitCheckpoint(java.time.Duration limit) {
    try {
      Object done =
          CompletableFuture.anyOf(api.checkpoint(), api.initError(), process.onExit())
              .get(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (done instanceof Long) {
        return null;
      }
      kill();
      if (done instanceof RuntimeApiServer.Outcome o) {
        return errorSummary(o.body());
      }
      return "Runtime exited with error: exit status " + exitCode();
    } catch (TimeoutException e) {
      kill();
      return "init and the checkpoint hooks did not finish within " + limit.toSeconds() + " s";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      return "interrupted";
    } catch (ExecutionException e) {
      kill();
      return String.valueOf(e.getCause());
    }
  }

  /** {@code errorType: errorMessage} of a runtime's error report, or the report itself. */
  private static String errorSummary(byte[] report) {
    String text = new String(report, StandardCharsets.UTF_8);
    try {
      var json = dev.slipway.localcloud.protocol.Json.MAPPER.readTree(text);
      String type = json.path("errorType").asText("");
      String message = json.path("errorMessage").asText("");
      return type.equals(message) || message.isEmpty() ? type : type + ": " + message;
    } catch (IOException e) {
      return text;
    }
  }

  /** Milliseconds from the JVM's launch to its SnapStart checkpoint, or -1 before it. */
  long checkpointMillis() {
    Long at = api.checkpoint().getNow(null);
    return at == null ? -1 : (at - launchedNanos) / 1_000_000;
  }

  private String exitCode() {
    try {
      return Integer.toString(process.exitValue());
    } catch (IllegalThreadStateException stillRunning) {
      return "unknown";
    }
  }

  private static InvocationResult error(String type, String message, long took, boolean cold) {
    String body =
        "{\"errorType\":\""
            + type
            + "\",\"errorMessage\":\""
            + Instant.now()
            + " "
            + message.replace("\"", "'")
            + "\"}";
    return new InvocationResult(body.getBytes(StandardCharsets.UTF_8), "Unhandled", took, cold);
  }

  private void exited() {
    dead = true;
    aot.trainingDone(aotTrainingKey);
    api.failAll(
        new RuntimeApiServer.Outcome(
            ("{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"Runtime exited with error: exit status "
                    + exitCode()
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8),
            true,
            "Runtime.ExitError"));
    api.close();
  }

  private void kill() {
    dead = true;
    process.destroyForcibly();
  }

  /**
   * Stops the JVM: SIGTERM first, SIGKILL after 5 s — or after 60 s for a JVM recording the AOT
   * configuration, which it writes while exiting.
   */
  @Override
  public void close() {
    dead = true;
    process.destroy();
    try {
      if (!process.waitFor(aotTrainingKey != null ? 60 : 5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    api.close();
  }

  /** For status output. */
  Map<String, Object> describe() {
    return Map.of("pid", process.pid(), "alive", process.isAlive());
  }
}
