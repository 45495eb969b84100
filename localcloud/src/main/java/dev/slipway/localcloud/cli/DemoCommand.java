package dev.slipway.localcloud.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Local mode end to end: up, push the project, follow the pipeline. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Bring local mode up, push the project's HEAD and follow the pipeline run.",
      "The three-push scenario (first deploy, healthy canary, broken canary) is not scripted yet."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    String[] common = {
      "--state-dir", this.common.stateDir().toString(), "--port", Integer.toString(this.common.port)
    };
    int up = new CommandLine(new UpCommand()).execute(common);
    if (up != 0) {
      return up;
    }
    int push = new CommandLine(new PushCommand()).execute(common);
    if (push != 0) {
      return push;
    }
    String[] watch = {"--state-dir", common[1], "--port", common[3], "--watch"};
    return new CommandLine(new StatusCommand()).execute(watch);
  }
}
