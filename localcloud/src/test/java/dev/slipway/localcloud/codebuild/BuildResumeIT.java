package dev.slipway.localcloud.codebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.localcloud.containers.HostCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * A local mode that dies during a build: the next one still knows the finished builds, kills the
 * command the dead one left running, and runs the interrupted build again under the same id.
 */
class BuildResumeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path state;

  private LocalCodeBuild codeBuild(List<PutEventsRequestEntry> events) throws Exception {
    LocalCodeBuild cb =
        new LocalCodeBuild(
            new LocalCodeBuild.Settings(
                state,
                Map.of(),
                null,
                "us-east-1",
                "000000000000",
                LocalCodeBuild::localPathRepository,
                Map::of,
                r -> events.addAll(r.entries()),
                Clock.systemUTC()));
    cb.provision(
        JSON.readTree(
            """
            {"Name": "resumable", "Source": {"Type": "GITHUB", "Location": "%s"},
             "Environment": {"EnvironmentVariables": [{"Name": "MARKER", "Value": "%s"}]}}
            """
                .formatted(state.resolve("repo"), state.resolve("first-run-started"))),
        "x");
    return cb;
  }

  private JsonNode get(LocalCodeBuild cb, String id) throws Exception {
    return cb.call("BatchGetBuilds", JSON.readTree("{\"ids\": [\"" + id + "\"]}"))
        .path("builds")
        .get(0);
  }

  @Test
  void interruptedBuildRunsAgainAfterRestart() throws Exception {
    Path repo = Files.createDirectories(state.resolve("repo"));
    Files.writeString(
        repo.resolve("buildspec.yml"),
        """
        version: 0.2
        phases:
          build:
            commands:
              - if [ -f "$MARKER" ]; then echo second run; else touch "$MARKER"; sleep 120; fi
        """);
    HostCommand.of("git", "-C", repo.toString(), "init", "-q", "-b", "main").runOrThrow("git init");
    HostCommand.of("git", "-C", repo.toString(), "add", ".").runOrThrow("git add");
    HostCommand.of(
            "git",
            "-C",
            repo.toString(),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t.invalid",
            "commit",
            "-q",
            "-m",
            "c")
        .runOrThrow("git commit");

    List<PutEventsRequestEntry> firstEvents = new CopyOnWriteArrayList<>();
    LocalCodeBuild first = codeBuild(firstEvents);
    LocalCodeBuild second = null;
    try {
      String quick =
          first
              .call(
                  "StartBuild",
                  JSON.readTree(
                      "{\"projectName\": \"resumable\", \"buildspecOverride\":"
                          + " \"version: 0.2\\nphases:\\n  build:\\n    commands: [echo quick]\\n\"}"))
              .path("build")
              .path("id")
              .asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(first, quick).path("buildComplete").asBoolean());
      String id =
          first
              .call("StartBuild", JSON.readTree("{\"projectName\": \"resumable\"}"))
              .path("build")
              .path("id")
              .asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(state.resolve("first-run-started")));
      long orphan = runningPid();

      // the first local mode "dies" here: a new one starts on the same state dir
      List<PutEventsRequestEntry> events = new CopyOnWriteArrayList<>();
      second = codeBuild(events);
      LocalCodeBuild next = second;
      assertThat(get(next, quick).path("buildStatus").asText()).isEqualTo("SUCCEEDED");
      // provisioning the project (the template deploy) already ran the interrupted build again
      assertThat(next.resumeInterrupted()).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.of(orphan).map(p -> !p.isAlive()).orElse(true));

      JsonNode done =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> get(next, id), b -> b.path("buildComplete").asBoolean());
      assertThat(done.path("buildStatus").asText()).isEqualTo("SUCCEEDED");
      assertThat(done.path("buildNumber").asLong()).isEqualTo(2);
      assertThat(Files.readString(next.logFile(id).orElseThrow()))
          .contains("local mode restarted during this build")
          .contains("second run");
      assertThat(events)
          .anyMatch(
              e ->
                  e.detail().contains("\"build-status\":\"SUCCEEDED\"")
                      && e.resources().getFirst().endsWith(id));
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  private long runningPid() throws Exception {
    try (Stream<Path> files = Files.walk(state.resolve("codebuild/builds"))) {
      Path pid =
          files
              .filter(p -> p.getFileName().toString().equals("running.pid"))
              .findFirst()
              .orElseThrow();
      return Long.parseLong(Files.readString(pid).strip());
    }
  }
}
