package dev.slipway.localcloud.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slipway} command line: local mode and the pipeline's everyday commands. */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    version = "slipway 0.1.0",
    description = "Slipway local mode: the pipeline on an embedded cloud at 127.0.0.1:4566.",
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      PushCommand.class,
      LogsCommand.class,
      ApproveCommand.class,
      CancelCommand.class,
      RollbackCommand.class,
      UnlockCommand.class,
      HistoryCommand.class,
      DemoCommand.class,
      ServeCommand.class
    })
public final class SlipwayCli implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs a command; errors print one plain line (no stack trace) and exit non-zero. */
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new SlipwayCli());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr()
              .println("slipway: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
          return 1;
        });
    System.exit(cli.execute(args));
  }
}
