package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.PortBlock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why local mode cannot start on a port: another local mode (of another clone or state dir) or
 * another program holds the endpoint port or one of the ports derived from it. Said before the
 * server starts, with what to do, instead of a bind error deep in its log.
 */
final class PortConflict {
  private PortConflict() {}

  /** The problem with starting local mode for {@code stateDir} on {@code port}, if any. */
  static Optional<String> check(int port, Path stateDir) {
    var adopted = new java.util.HashSet<Integer>();
    for (LocalModeExtension e : java.util.ServiceLoader.load(LocalModeExtension.class)) {
      adopted.addAll(e.portsToAdopt(stateDir, port));
    }
    OptionalInt taken = PortBlock.firstTaken(port, adopted);
    if (taken.isEmpty()) {
      return Optional.empty();
    }
    String suggestion =
        PortBlock.nextFreeAfter(port).stream()
            .mapToObj(p -> " or start this one on another port: --port " + p)
            .findFirst()
            .orElse("");
    int t = taken.getAsInt();
    Optional<JsonNode> other = t == port ? otherLocalMode(port) : Optional.empty();
    if (other.isPresent()) {
      String dir = other.get().path("stateDir").asText("");
      return Optional.of(
          "port "
              + port
              + " is taken by another Slipway local mode (pid "
              + other.get().path("pid").asText("?")
              + (dir.isEmpty() ? "" : ", state dir " + dir)
              + "). Stop it with "
              + (dir.isEmpty()
                  ? "`slipway down` in the clone that started it"
                  : "`slipway down"
                      + (Path.of(dir).equals(stateDir) ? "" : " --state-dir " + dir)
                      + "`")
              + suggestion
              + " (local mode uses "
              + port
              + "-"
              + (port + PortBlock.SIZE - 1)
              + ").");
    }
    return Optional.of(
        "port "
            + t
            + " on 127.0.0.1 is in use by another program; local mode on port "
            + port
            + " needs "
            + port
            + "-"
            + (port + PortBlock.SIZE - 1)
            + " free (the endpoint, the registry, the load balancers). Stop that program"
            + suggestion
            + ".");
  }

  /** The run state another local mode on {@code port} describes, if one answers there. */
  private static Optional<JsonNode> otherLocalMode(int port) {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/_slipway/control/status"))
                      .timeout(Duration.ofSeconds(3))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode status = Json.MAPPER.readTree(r.body());
      return status.has("pid") ? Optional.of(status) : Optional.empty();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Optional.empty();
    }
  }
}
