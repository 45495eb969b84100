package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.AppSynthesis;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Brings local mode up in the background, deploying the synthesized template; redeploys if up. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start local mode on 127.0.0.1 and deploy the synthesized template from cdk.out/.",
      "When local mode is already up, redeploy the template in place."
    })
final class UpCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--cdk-out",
      paramLabel = "DIR",
      description =
          "Cloud assembly to deploy. Default: cdk.out/ in the project root (synthesized when missing).")
  Path cdkOut;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "How long to wait for ready. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds = 300;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Path state = common.stateDir();
    Path assembly =
        (cdkOut != null ? cdkOut : CommonOptions.projectRoot().resolve("cdk.out")).toAbsolutePath();
    Optional<JsonNode> running =
        RunState.read(state).filter(s -> RunState.liveServer(s).isPresent());
    if (running.isPresent()) {
      ensureAssembly(assembly, cdkOut == null, state);
      System.out.println("slipway: local mode is up; redeploying " + assembly);
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              running.get().path("endpoint").asText() + "/_slipway/control/deploy"))
                      // the assembly to deploy now, which need not be the one local mode started
                      // with
                      .POST(HttpRequest.BodyPublishers.ofString(assembly.toString()))
                      .timeout(Duration.ofSeconds(timeoutSeconds))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      System.out.print(r.body());
      return r.statusCode() == 200 ? 0 : 1;
    }
    // after a crash the task containers and HAProxy still serve: the new run adopts them
    Cleanup.leftovers(state, System.out::println, true);
    Optional<String> conflict = PortConflict.check(common.port, state);
    if (conflict.isPresent()) {
      System.err.println("slipway: cannot start local mode: " + conflict.get());
      return 3;
    }
    ensureAssembly(assembly, cdkOut == null, state);
    Path log = state.resolve("logs/localcloud.log");
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    Process server = spawn(state, assembly, log);
    System.out.println("slipway: starting local mode (pid " + server.pid() + ", log " + log + ")");
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    long offset = 0;
    while (System.nanoTime() < deadline) {
      offset = echo(log, offset);
      Optional<JsonNode> s = RunState.read(state);
      if (s.isPresent()
          && s.get().path("ready").asBoolean()
          && s.get().path("pid").asLong() == server.pid()) {
        echo(log, offset);
        summary(s.get(), (System.nanoTime() - t0) / 1e9);
        return 0;
      }
      if (!server.isAlive()) {
        echo(log, offset);
        System.err.println(
            "slipway: local mode stopped during start (exit "
                + server.exitValue()
                + "); see "
                + log);
        Cleanup.leftovers(state, System.out::println);
        return 1;
      }
      Thread.sleep(100);
    }
    System.err.println(
        "slipway: local mode was not ready after "
            + timeoutSeconds
            + " s; stopping it (see "
            + log
            + ")");
    server.destroy();
    return 1;
  }

  private Process spawn(Path state, Path assembly, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid"); // its own session: Ctrl-C on this terminal does not stop it
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            SlipwayCli.class.getName(),
            "serve",
            "--state-dir",
            state.toString(),
            "--port",
            Integer.toString(common.port),
            "--cdk-out",
            assembly.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
  }

  private static long echo(Path log, long offset) throws IOException {
    if (!Files.exists(log)) {
      return offset;
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      if (f.length() <= offset) {
        return offset;
      }
      f.seek(offset);
      byte[] bytes = new byte[(int) (f.length() - offset)];
      f.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      int last = text.lastIndexOf('\n');
      if (last < 0) {
        return offset;
      }
      System.out.print(text.substring(0, last + 1));
      return offset + text.substring(0, last + 1).getBytes(StandardCharsets.UTF_8).length;
    }
  }

  private static void summary(JsonNode s, double seconds) {
    System.out.printf(
        "slipway: up in %.1f s — AWS endpoint %s%n", seconds, s.path("endpoint").asText());
    for (JsonNode stack : s.path("stacks")) {
      JsonNode outputs = stack.path("outputs");
      if (outputs.has("WebhookUrl")) {
        System.out.println("  webhook URL: " + outputs.path("WebhookUrl").asText());
      }
    }
    for (JsonNode repo : s.path("repositories")) {
      System.out.println(
          "  git remote for "
              + repo.path("name").asText()
              + ": "
              + repo.path("path").asText()
              + "   (`slipway push` pushes HEAD to it)");
    }
    System.out.println("  `slipway status` follows the pipeline; `slipway down` stops everything.");
  }

  /**
   * The default assembly ({@code cdk.out/} in the project) is synthesized when missing or stale; an
   * explicit {@code --cdk-out} must already hold one.
   */
  private static void ensureAssembly(Path assembly, boolean synthesize, Path state)
      throws IOException, InterruptedException {
    if (synthesize) {
      new AppSynthesis(
              CommonOptions.projectRoot(), System.out::println, state.resolve("logs/synth.log"))
          .ensure(null, assembly);
    } else if (!Files.isRegularFile(assembly.resolve("manifest.json"))) {
      throw new IllegalStateException(
          "no cloud assembly in " + assembly + " (manifest.json missing)");
    }
  }
}
