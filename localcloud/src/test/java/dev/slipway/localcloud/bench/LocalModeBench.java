package dev.slipway.localcloud.bench;

import dev.slipway.localcloud.cli.LocalCloud;
import dev.slipway.localcloud.cli.SynthesizedAssembly;
import dev.slipway.localcloud.lambda.InvocationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Prints local mode's numbers: {@code up} (start + deploy of the synthesized template) to ready and
 * to every function JVM warm, resident memory of all processes after ready, and per function the
 * cold start (JVM start → first response) without and with the JDK AOT cache and the warm invoke
 * round trip through the Invoke API.
 *
 * <p>Run: {@code ./localcloud/bench} (or mvn -pl localcloud test-compile exec:java with this
 * class).
 */
public final class LocalModeBench {
  private static final byte[] PAYLOAD = "{}".getBytes(StandardCharsets.UTF_8);

  private LocalModeBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("slipway.root", ".")).toAbsolutePath().normalize();
    Path assembly = SynthesizedAssembly.locate(root);
    Path state = Files.createTempDirectory("slipway-bench-");
    trivialRoundTrip(root, state.resolveSibling(state.getFileName() + "-trivial"));
    Map<String, Long> coldPlain;
    Map<String, Double> warm;
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      cloud.deploy(assembly, l -> {});
      coldPlain = coldStarts(cloud);
      warm = warmInvokes(cloud, 20);
    }
    // the first JVM recorded the AOT configuration when it stopped; the next start assembles it
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      cloud.deploy(assembly, l -> {});
      cloud.lambda().invoke(cloud.lambda().names().getFirst(), PAYLOAD);
      waitForCache(state.resolve("lambda/aot"), 180);
    }
    long t0 = System.nanoTime();
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, true, l -> {})) {
      cloud.deploy(assembly, l -> {});
      double ready = (System.nanoTime() - t0) / 1e9;
      while (!cloud.lambda().allWarm()) {
        Thread.sleep(20);
      }
      double allWarm = (System.nanoTime() - t0) / 1e9;
      long rss = rssKb(ProcessHandle.current().pid());
      int jvms = 0;
      for (List<Long> pids : cloud.lambda().pids().values()) {
        for (long pid : pids) {
          rss += rssKb(pid);
          jvms++;
        }
      }
      System.out.printf(
          "slipway up (start + deploy of %s) to ready: %.2f s; all %d function JVMs warm: %.2f s%n",
          assembly.getFileName(), ready, jvms, allWarm);
      System.out.printf(
          "resident memory after ready: %.0f MB total (local mode + %d function JVMs)%n",
          rss / 1024.0, jvms);
    }
    Map<String, Long> coldAot;
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      cloud.deploy(assembly, l -> {});
      coldAot = coldStarts(cloud);
    }
    // on a fresh start again: $LATEST of the receiver cold, its published version primed
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      cloud.deploy(assembly, l -> {});
      snapStart(cloud);
    }
    System.out.printf(
        "%-40s %14s %14s %16s%n", "function", "cold (ms)", "cold+AOT (ms)", "warm invoke (ms)");
    for (String f : coldPlain.keySet()) {
      System.out.printf(
          "%-40s %14d %14d %16.2f%n",
          f, coldPlain.get(f), coldAot.getOrDefault(f, -1L), warm.get(f));
    }
  }

  /**
   * Local mode's own overhead: a trivial handler (the test fixture) invoked in process (what Step
   * Functions and EventBridge do: Runtime API round trip) and through the Invoke API.
   */
  private static void trivialRoundTrip(Path root, Path state) throws Exception {
    Path code = root.resolve("localcloud/target/test-classes");
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      cloud
          .lambda()
          .deploy(
              new dev.slipway.localcloud.lambda.FunctionConfig(
                  "trivial",
                  "dev.slipway.localcloud.lambda.fixture.Behaving::handleRequest",
                  "java21",
                  128,
                  10,
                  Map.of(),
                  code,
                  1),
              false);
      long cold = cloud.lambda().invoke("trivial", PAYLOAD).durationMs();
      for (int i = 0; i < 200; i++) {
        cloud.lambda().invoke("trivial", PAYLOAD);
      }
      List<Double> direct = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        long t = System.nanoTime();
        cloud.lambda().invoke("trivial", PAYLOAD);
        direct.add((System.nanoTime() - t) / 1e6);
      }
      direct.sort(Double::compare);
      Map<String, Double> api = warmInvokes(cloud, 201);
      System.out.printf(
          "trivial handler: cold start %d ms; warm invoke median %.2f ms in process (Runtime API round trip),"
              + " %.2f ms through the Invoke API%n",
          cold, direct.get(direct.size() / 2), api.get("trivial"));
    }
  }

  /**
   * The webhook receiver with SnapStart, AOT cache on: its version's init and priming hooks (run
   * when the version is published), then a signed GitHub {@code ping} through its function URL:
   * first on {@code $LATEST} (an on-demand cold start: JVM start, init, first request), then on the
   * published version (the first request after the restore, whose classes the priming loaded; on
   * AWS the snapshot's restore comes on top, which local mode cannot measure), then warm.
   */
  private static void snapStart(LocalCloud cloud) throws Exception {
    String receiver =
        cloud.lambda().names().stream()
            .filter(n -> n.toLowerCase(java.util.Locale.ROOT).endsWith("receivewebhook"))
            .findFirst()
            .orElse(null);
    if (receiver == null || cloud.lambda().snapshotMillis().isEmpty()) {
      System.out.println("SnapStart: no webhook receiver with SnapStart in this template");
      return;
    }
    String secretArn;
    String secret;
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    try (LambdaClient lambda =
            LambdaClient.builder()
                .endpointOverride(cloud.server().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        var secrets =
            software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder()
                .endpointOverride(cloud.server().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build()) {
      secretArn =
          lambda
              .getFunctionConfiguration(r -> r.functionName(receiver))
              .environment()
              .variables()
              .get("WEBHOOK_SECRET_ARN");
      secret = secrets.getSecretValue(r -> r.secretId(secretArn)).secretString();
    }
    byte[] ping =
        "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
    String signature = dev.slipway.pipeline.WebhookSignature.withSecret(secret).sign(ping);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI url = java.net.URI.create(cloud.lambda().functionUrl(receiver));
    java.util.function.Supplier<Double> send =
        () -> {
          var request =
              java.net.http.HttpRequest.newBuilder(url)
                  .header("Content-Type", "application/json")
                  .header("X-GitHub-Event", "ping")
                  .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
                  .header("X-Hub-Signature-256", signature)
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(ping))
                  .build();
          long t = System.nanoTime();
          try {
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              throw new IllegalStateException("ping answered " + response.statusCode());
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return (System.nanoTime() - t) / 1e6;
        };
    cloud.lambda().functionUrl(receiver, "$LATEST");
    double latestCold = send.get();
    cloud.lambda().functionUrl(receiver, "live");
    double restoredFirst = send.get();
    List<Double> warm = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      warm.add(send.get());
    }
    warm.sort(Double::compare);
    cloud
        .lambda()
        .snapshotMillis()
        .forEach(
            (version, ms) ->
                System.out.printf(
                    "SnapStart %s (AOT cache on): init + priming hooks at publish %d ms; signed ping:"
                        + " $LATEST cold %.0f ms, first on the published version %.1f ms, warm median"
                        + " %.1f ms%n",
                    version, ms, latestCold, restoredFirst, warm.get(warm.size() / 2)));
  }

  /** One invocation per function on a fresh JVM: launch to first response. */
  private static Map<String, Long> coldStarts(LocalCloud cloud) {
    Map<String, Long> out = new TreeMap<>();
    for (String f : cloud.lambda().names()) {
      InvocationResult r = cloud.lambda().invoke(f, PAYLOAD);
      out.put(f, r.durationMs());
    }
    return out;
  }

  /** Median round trip of the Invoke API (SDK client over HTTP) on a warm JVM. */
  private static Map<String, Double> warmInvokes(LocalCloud cloud, int n) {
    Map<String, Double> out = new TreeMap<>();
    try (LambdaClient client =
        LambdaClient.builder()
            .endpointOverride(cloud.server().endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build()) {
      for (String f : cloud.lambda().names()) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          long t = System.nanoTime();
          client.invoke(r -> r.functionName(f).payload(SdkBytes.fromByteArray(PAYLOAD)));
          times.add((System.nanoTime() - t) / 1e6);
        }
        times.sort(Double::compare);
        out.put(f, times.get(n / 2));
      }
    }
    return out;
  }

  private static void waitForCache(Path dir, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
        if (files.anyMatch(p -> p.toString().endsWith(".aot"))) {
          return;
        }
      }
      Thread.sleep(200);
    }
    System.out.println(
        "(the AOT cache was not assembled within "
            + seconds
            + " s; cold+AOT shows cold starts without it)");
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
