package dev.slipway.localcloud.cli;

import dev.slipway.localcloud.demo.DemoRunner;
import dev.slipway.localcloud.demo.DemoSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Local mode end to end: the demo's three pushes of the sample service ({@link DemoRunner}). */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Bring local mode up with the demo's pipeline config and push the sample service three times:",
      "a first deploy, a healthy change promoted by the canary, a broken change rolled back."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Path root = CommonOptions.projectRoot();
    String[] where = {
      "--state-dir", common.stateDir().toString(), "--port", Integer.toString(common.port)
    };
    return new DemoRunner(
            DemoSettings.of(root, common.stateDir(), DemoSettings.defaultConfig(root)), System.out)
        .run(
            new DemoRunner.LocalModeControl() {
              @Override
              public int up(Path assembly) {
                return new CommandLine(new UpCommand())
                    .execute(
                        where[0], where[1], where[2], where[3], "--cdk-out", assembly.toString());
              }

              @Override
              public int down() {
                return new CommandLine(new DownCommand()).execute(where[0], where[1]);
              }
            });
  }
}
