package dev.slipway.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.containers.HostCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub push webhooks sent by the test itself, to deliver one twice (GitHub redelivers with the
 * same {@code X-GitHub-Delivery}). The commit reaches the local repository on a side branch first,
 * whose own webhook starts nothing (the pipeline's rule matches its branch only), so the build can
 * clone it.
 */
final class Webhooks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Webhooks() {}

  /** A push webhook of {@code main} moving to a commit, with its delivery id. */
  record Delivery(String id, byte[] body) {}

  /** Pushes {@code sha} to a side branch and prepares the webhook of main moving to it. */
  static Delivery pushOnSideBranch(LocalModeRun local, String sha, String message) {
    pushToSideBranch(local, sha);
    return mainMovedTo(local, sha, message);
  }

  /** Makes {@code sha} (and its ancestors) known to the local repository without moving main. */
  static void pushToSideBranch(LocalModeRun local, String sha) {
    HostCommand.of(
            "git",
            "-C",
            local.repo.dir().toString(),
            "push",
            "-q",
            "-f",
            "origin",
            sha + ":refs/heads/e2e-side")
        .runOrThrow("git push to a side branch");
  }

  /** The push webhook GitHub sends when main moves from {@code sha}'s parent to {@code sha}. */
  static Delivery mainMovedTo(LocalModeRun local, String sha, String message) {
    String before =
        HostCommand.of("git", "-C", local.repo.dir().toString(), "rev-parse", sha + "^")
            .runOrThrow("git rev-parse")
            .strip();
    ObjectNode payload = JSON.createObjectNode();
    payload.put("ref", "refs/heads/main").put("before", before).put("after", sha);
    payload.put("created", false).put("deleted", false).put("forced", false);
    payload
        .putObject("repository")
        .put("full_name", local.settings.repository())
        .put(
            "name",
            local.settings.repository().substring(local.settings.repository().indexOf('/') + 1))
        .put("default_branch", "main");
    payload.putObject("pusher").put("name", "e2e");
    ObjectNode head = payload.putObject("head_commit");
    head.put("id", sha).put("message", message).put("timestamp", Instant.now().toString());
    head.putArray("added");
    head.putArray("modified").add("CHANGES.md").add("faults.properties");
    head.putArray("removed");
    payload.putArray("commits").add(head.deepCopy());
    return new Delivery(
        UUID.randomUUID().toString(), payload.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The same push changed by {@code edit}, as a new delivery (its own delivery id). */
  static Delivery edited(Delivery delivery, java.util.function.Consumer<ObjectNode> edit)
      throws java.io.IOException {
    ObjectNode payload = (ObjectNode) JSON.readTree(delivery.body());
    edit.accept(payload);
    return new Delivery(
        UUID.randomUUID().toString(), payload.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Posts the delivery, signed with the webhook secret from Secrets Manager; the HTTP status. */
  static int deliver(LocalModeRun local, Delivery delivery) throws Exception {
    return send(local, delivery).statusCode();
  }

  /** Posts the delivery, signed with the webhook secret from Secrets Manager; the response. */
  static HttpResponse<String> send(LocalModeRun local, Delivery delivery) throws Exception {
    String secret =
        local
            .secrets
            .getSecretValue(r -> r.secretId(local.state.requireOutput("WebhookSecretArn")))
            .secretString();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(delivery.body()));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(local.state.requireOutput("WebhookUrl")))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery.id())
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r;
  }
}
