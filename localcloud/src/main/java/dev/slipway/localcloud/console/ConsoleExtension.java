package dev.slipway.localcloud.console;

import dev.slipway.localcloud.cli.LocalModeExtension;
import java.time.Clock;

/** Plugs the console into {@code slipway up}: http://127.0.0.1:4566/console. */
public final class ConsoleExtension implements LocalModeExtension {
  @Override
  public String name() {
    return "console";
  }

  @Override
  public void start(Context context) {
    // reads only through the registry, so it may register before the services are deployed
    context
        .server()
        .route(
            ConsoleRoute.PREFIX,
            new ConsoleRoute(
                context.server().registry(),
                Clock.systemUTC(),
                context.stateDir().resolve("logs/iam-denials.log")));
  }

  @Override
  public void close() {
    // nothing of its own to stop: the route goes with the server
  }
}
