package dev.slipway.localcloud.demo;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** The demo's three pushes, each followed to the end of its pipeline run. */
final class DemoPushes {
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ServiceRepository repo;
  private final ExecutionWatch watch;
  private final URI api;
  private final DemoSettings settings;
  private final PrintStream out;
  private SteadyLoad load;

  DemoPushes(
      ServiceRepository repo,
      ExecutionWatch watch,
      URI production,
      DemoSettings settings,
      PrintStream out) {
    this.repo = repo;
    this.watch = watch;
    this.api = production.resolve("/api/hello");
    this.settings = settings;
    this.out = out;
  }

  /** Runs the three pushes, adding each outcome as it ends. */
  void all(List<PushOutcome> pushes) {
    String first = repo.commit("hello-service: first version");
    pushes.add(push("first deploy", first));
    if (!"SUCCEEDED".equals(pushes.getLast().status())) {
      return;
    }
    // from here on the production load balancer has a version to serve: steady load throughout
    load = SteadyLoad.start(api, settings.requestsPerSecond(), Duration.ofMinutes(30));
    out.printf(
        "slipway demo: steady load on %s, %d requests a second%n",
        api, settings.requestsPerSecond());
    repo.write("CHANGES.md", "# Changes\n\n- a healthy change: the canary should be promoted\n");
    String healthy = repo.commit("Describe the changes (healthy)");
    pushes.add(push("healthy change, canary", healthy));
    String broken = repo.setFault("fail.percent", "20").commit("Fail 20% of API calls (a bug)");
    pushes.add(push("broken change, canary", broken));
  }

  private PushOutcome push(String label, String sha) {
    out.printf("%n== push \"%s\": %s ==%n", label, sha);
    LoadCounts before = load == null ? null : load.counts();
    Instant pushedAt = Instant.now();
    out.println("  git push: " + repo.push().replace("\n", "\n  "));
    ExecutionListItem execution = watch.awaitExecution(sha, Duration.ofSeconds(60));
    out.println("  execution " + execution.name());
    ExecutionWatch.Finished done = watch.follow(execution, settings.runLimit(), out::println);
    LoadCounts during = load == null ? null : load.counts().since(before);
    String serving = servingVersion();
    out.printf(
        "  %s: %s%s; serving %s%n",
        done.status(),
        done.endState(),
        during == null ? "" : ", failed requests " + during.failed() + " of " + during.requests(),
        serving);
    return new PushOutcome(
        label,
        sha,
        done.executionName(),
        done.status(),
        done.endState(),
        done.cause(),
        pushedAt,
        done.endedAt(),
        done.states(),
        during,
        serving);
  }

  /** The version most of ten requests to the production API report. */
  String servingVersion() {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = VERSION.matcher(r.body());
        seen.merge(
            r.statusCode() == 200 && m.find() ? m.group(1) : "HTTP " + r.statusCode(),
            1,
            Integer::sum);
      } catch (Exception e) {
        seen.merge("no answer", 1, Integer::sum);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return seen.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse("none");
  }

  void stopLoad() {
    if (load != null) {
      load.close();
    }
  }

  /**
   * Whether the pushes ended as the demo means them to: the first two deployed, the third rolled
   * back with the second still serving. Prints what differed.
   */
  static boolean asExpected(List<PushOutcome> pushes, PrintStream out) {
    if (pushes.size() < 3) {
      out.println("slipway demo: stopped after push " + pushes.size() + ", which did not deploy");
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < 2; i++) {
      if (!"SUCCEEDED".equals(pushes.get(i).status())) {
        out.println("slipway demo: push \"" + pushes.get(i).label() + "\" did not deploy");
        ok = false;
      }
    }
    PushOutcome broken = pushes.get(2);
    if (!"FAILED".equals(broken.status()) || !broken.endState().startsWith("Rolled back")) {
      out.println(
          "slipway demo: the broken change was not rolled back (" + broken.endState() + ")");
      ok = false;
    }
    if (!pushes.get(1).sha().equals(broken.servingAfter())) {
      out.println(
          "slipway demo: after the rollback "
              + broken.servingAfter()
              + " serves, not "
              + pushes.get(1).sha());
      ok = false;
    }
    return ok;
  }
}
