package dev.slipway.localcloud.elbv2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** HAProxy's runtime API over its admin socket: one command per connection, answer until EOF. */
final class HaproxyRuntime {
  private final Path socket;

  HaproxyRuntime(Path socket) {
    this.socket = socket;
  }

  String command(String command) {
    try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      var out = new java.io.ByteArrayOutputStream();
      var buf = ByteBuffer.allocate(16384);
      while (ch.read(buf) >= 0) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "HAProxy admin socket " + socket + " did not answer '" + command + "'", e);
    }
  }

  /**
   * Runs commands that must succeed; HAProxy answers an accepted change with an empty line or a
   * short confirmation, and a refused one with a message we surface.
   */
  void commands(List<String> commands) {
    for (var c : commands) {
      var answer = command(c).strip();
      if (!answer.isEmpty() && !ACCEPTED.contains(answer)) {
        throw new IllegalStateException("HAProxy refused '" + c + "': " + answer);
      }
    }
  }

  HaproxyStats stats() {
    return HaproxyStats.parse(command("show stat"));
  }

  boolean answers() {
    try {
      return command("show info").contains("Pid:");
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  long pid() {
    for (var line : command("show info").split("\n")) {
      if (line.startsWith("Pid:")) {
        return Long.parseLong(line.substring(4).strip());
      }
    }
    return -1;
  }

  private static final List<String> ACCEPTED = List.of("New server registered.", "Server deleted.");
}
