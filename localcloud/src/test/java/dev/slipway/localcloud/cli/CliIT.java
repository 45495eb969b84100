package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.server.PortBlock;
import dev.slipway.localcloud.server.ProcessRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI as a user runs it: {@code up} starts local mode in the background from the synthesized
 * template, {@code status} answers, and after the server is killed with SIGKILL, {@code down} finds
 * and stops the function JVMs it left behind.
 */
class CliIT {
  @TempDir Path state;

  @Test
  void upStatusAndDownAfterACrashLeaveNoProcesses() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root"));
    Path assembly = SynthesizedAssembly.locate(root);
    int port = PortBlock.find();
    String[] common = {"--state-dir", state.toString(), "--port", Integer.toString(port)};
    assertThat(run("up", common, "--cdk-out", assembly.toString()))
        .contains("slipway: up in")
        .contains("webhook URL");
    JsonNode run = RunState.read(state).orElseThrow();
    ProcessHandle server = RunState.liveServer(run).orElseThrow();
    assertThat(run(new String[] {"status"}, common)).contains("local mode: up at");
    assertThat(run(new String[] {"--help"}))
        .contains("up")
        .contains("rollback")
        .contains("history");
    // a rollback to a commit that never deployed is refused before any event is sent
    assertThatThrownBy(() -> run("rollback", common, "--to", "c".repeat(40), "--reason", "test"))
        .hasMessageContaining("slipway rollback --state-dir");
    assertThat(run(new String[] {"status"}, common)).contains("no execution yet");

    // a crash: the server dies at once and cannot stop its function JVMs
    await().atMost(Duration.ofSeconds(60)).until(() -> alive(state).size() > 3);
    List<ProcessHandle> jvms = alive(state);
    server.destroyForcibly();
    server.onExit().get();
    assertThat(jvms).allMatch(ProcessHandle::isAlive);

    assertThat(run(new String[] {"down"}, common)).contains("leftover");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> jvms.stream().noneMatch(ProcessHandle::isAlive));
    assertThat(RunState.read(state)).isEmpty();
  }

  private static List<ProcessHandle> alive(Path state) {
    List<ProcessHandle> out = new ArrayList<>();
    for (ProcessRegistry.Entry e : new ProcessRegistry(state.resolve("processes")).entries()) {
      if (e.alive() && e.label().startsWith("lambda:")) {
        ProcessHandle.of(e.pid()).ifPresent(out::add);
      }
    }
    return out;
  }

  private static String run(String command, String[] common, String... more) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(common));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static String run(String[] first, String[] rest) {
    List<String> args = new ArrayList<>(List.of(first));
    args.addAll(List.of(rest));
    return run(args.toArray(String[]::new));
  }

  /** Runs the CLI in this JVM, capturing what it prints. */
  private static synchronized String run(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new SlipwayCli()).execute(args);
      String text = buffer.toString(StandardCharsets.UTF_8);
      out.print(text);
      if (exit != 0 && !args[0].equals("--help")) {
        throw new AssertionError(
            "slipway " + String.join(" ", args) + " exited " + exit + ":\n" + text);
      }
      return text;
    } finally {
      System.setOut(out);
    }
  }
}
