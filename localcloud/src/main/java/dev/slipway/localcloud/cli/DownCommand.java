package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.server.ProcessRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Stops local mode and every process it started; the state (database, repositories) is kept. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Stop local mode and every process it started (function JVMs, containers). State is kept.")
final class DownCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Path state = common.stateDir();
    Optional<JsonNode> run = RunState.read(state);
    Optional<ProcessHandle> server = run.flatMap(RunState::liveServer);
    if (server.isPresent()) {
      System.out.println("slipway: stopping local mode (pid " + server.get().pid() + ")");
      // a function JVM recording its AOT configuration may take up to a minute to exit
      ProcessRegistry.terminate(server.get(), Duration.ofSeconds(90));
    } else {
      System.out.println("slipway: local mode is not running");
    }
    int leftovers = Cleanup.leftovers(state, System.out::println);
    System.out.println(
        "slipway: down" + (leftovers > 0 ? " (" + leftovers + " leftover processes stopped)" : ""));
    return 0;
  }
}
