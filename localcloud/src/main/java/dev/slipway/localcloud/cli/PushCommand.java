package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Pushes the project's HEAD to the local repository, which sends the push webhook. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "git push the project's HEAD to the local repository's main branch.",
      "Its post-receive hook sends a signed GitHub push webhook, which starts the pipeline."
    })
final class PushCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--repo",
      paramLabel = "OWNER/NAME",
      description = "Which local repository (default: the only one).")
  String repo;

  @Option(
      names = "--ref",
      paramLabel = "REF",
      description = "What to push. Default: ${DEFAULT-VALUE}.")
  String ref = "HEAD";

  @Option(names = "--force", description = "Force-push (e.g. to push an older commit again).")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Running running = Running.require(common);
    JsonNode target = null;
    for (JsonNode r : running.state.path("repositories")) {
      if (repo == null || repo.equals(r.path("name").asText())) {
        target = r;
      }
    }
    if (target == null) {
      throw new IllegalStateException(
          repo == null
              ? "no local repository is connected (the template has no webhook)"
              : "no local repository " + repo);
    }
    Path project = CommonOptions.projectRoot();
    System.out.println(
        "slipway: pushing " + ref + " of " + project + " to " + target.path("name").asText());
    List<String> command = new java.util.ArrayList<>(List.of("git", "push"));
    if (force) {
      command.add("--force");
    }
    command.add(target.path("path").asText());
    command.add(ref + ":refs/heads/main");
    int exit =
        new ProcessBuilder(command).directory(project.toFile()).inheritIO().start().waitFor();
    if (exit == 0) {
      System.out.println("slipway: pushed; `slipway status --watch` follows the pipeline");
    }
    return exit;
  }
}
