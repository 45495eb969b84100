package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.localcloud.server.PortBlock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A second clone's {@code slipway up} while another local mode, or another program, holds the port:
 * it stops before starting anything and says who holds the port and which {@code --port} is free.
 */
class PortConflictIT {
  @TempDir Path state;

  @Test
  void anotherLocalModeOnThePortIsNamedWithItsStateDirAndAFreePort() throws Exception {
    int port = PortBlock.find();
    HttpServer other =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    byte[] status =
        "{\"pid\":4242,\"stateDir\":\"/srv/first-clone/.slipway\",\"ready\":true}"
            .getBytes(StandardCharsets.UTF_8);
    other.createContext(
        "/_slipway/control/status",
        exchange -> {
          exchange.sendResponseHeaders(200, status.length);
          exchange.getResponseBody().write(status);
          exchange.close();
        });
    other.start();
    try {
      Result up = up(port);

      assertThat(up.exit).isEqualTo(3);
      assertThat(up.err)
          .contains("port " + port + " is taken by another Slipway local mode (pid 4242")
          .contains("state dir /srv/first-clone/.slipway")
          .contains("slipway down --state-dir /srv/first-clone/.slipway")
          .containsPattern("--port \\d+");
      int suggested = Integer.parseInt(up.err.replaceAll("(?s).*--port (\\d+).*", "$1"));
      assertThat(PortBlock.firstTaken(suggested)).as("the suggested block is free").isEmpty();
    } finally {
      other.stop(0);
    }
  }

  @Test
  void anotherProgramOnADerivedPortIsNamed() throws Exception {
    int port = PortBlock.find();
    try (ServerSocket registryPort =
        new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
      assertThat(registryPort.isBound()).isTrue();
      Result up = up(port);

      assertThat(up.exit).isEqualTo(3);
      assertThat(up.err)
          .contains("port " + (port + 1) + " on 127.0.0.1 is in use by another program")
          .contains("needs " + port + "-" + (port + PortBlock.SIZE - 1) + " free");
    }
  }

  private record Result(int exit, String err) {}

  private Result up(int port) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit =
          new CommandLine(new UpCommand())
              .execute(
                  "--state-dir",
                  state.toString(),
                  "--port",
                  Integer.toString(port),
                  "--cdk-out",
                  state.resolve("no-assembly").toString());
      return new Result(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }
}
