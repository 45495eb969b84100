package dev.slipway.localcloud.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;
import dev.slipway.localcloud.server.RouteHandler;
import dev.slipway.localcloud.server.ServiceRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Local GitHub: a bare repository per pipeline under {@code <state>/git/<owner>/<name>.git} whose
 * post-receive hook hands the ref updates to this route, which sends GitHub's {@code push} webhook
 * — payload, {@code X-GitHub-Event}, a fresh {@code X-GitHub-Delivery}, and {@code
 * X-Hub-Signature-256} made with the webhook secret from Secrets Manager — to the webhook URL.
 */
public final class GitHubRoute implements RouteHandler {
  /** Where post-receive hooks post. */
  public static final String PREFIX = "/_slipway/github/";

  /** A connected repository. */
  public record Repository(String fullName, Path path, String webhookUrl, String secretId) {}

  private final Path gitDir;
  private final URI endpoint;
  private final ServiceRegistry registry;
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Where local mode keeps its repositories: {@code git/} in its state dir. */
  public static Path gitDirOf(Path stateDir) {
    return stateDir.resolve("git");
  }

  /** The bare repository of {@code fullName} ({@code owner/name}) in {@code gitDir}. */
  public static Path repositoryIn(Path gitDir, String fullName) {
    return gitDir.resolve(fullName + ".git");
  }

  /** Repositories live in {@code gitDir}; hooks call back to {@code endpoint}. */
  public GitHubRoute(Path gitDir, URI endpoint, ServiceRegistry registry) {
    this.gitDir = gitDir;
    this.endpoint = endpoint;
    this.registry = registry;
  }

  /**
   * Creates (if needed) the bare repository of {@code fullName} and points its webhook at the URL.
   */
  public Repository connect(String fullName, String webhookUrl, String secretId)
      throws IOException {
    if (!fullName.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("repository must be owner/name, got " + fullName);
    }
    Path repo = repositoryIn(gitDir, fullName);
    if (!Files.isDirectory(repo.resolve("objects"))) {
      Files.createDirectories(repo);
      Git.run(repo, "init", "--bare", "--initial-branch=main", ".");
    }
    Path hook = repo.resolve("hooks/post-receive");
    Files.createDirectories(hook.getParent());
    Files.writeString(
        hook,
        "#!/bin/sh\n"
            + "# Slipway local mode: send GitHub's push webhook for these ref updates.\n"
            + "exec curl -sS --max-time 90 -X POST --data-binary @- '"
            + endpoint
            + PREFIX
            + "push?repo="
            + fullName
            + "&pusher='\"${USER:-developer}\"\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    Repository r = new Repository(fullName, repo, webhookUrl, secretId);
    repositories.put(fullName, r);
    return r;
  }

  /** The connected repositories. */
  public Map<String, Repository> repositories() {
    return Map.copyOf(repositories);
  }

  @Override
  public WireResponse handle(WireRequest request) throws Exception {
    if (!request.method().equals("POST") || !request.path().equals(PREFIX + "push")) {
      return WireResponse.text(404, "unknown local GitHub path " + request.path() + "\n");
    }
    Repository repo = repositories.get(request.queryParameters().getOrDefault("repo", ""));
    if (repo == null) {
      return WireResponse.text(
          404, "slipway: no pipeline is connected to this repository; run `slipway up`\n");
    }
    String pusher = request.queryParameters().getOrDefault("pusher", "developer");
    StringBuilder report = new StringBuilder();
    for (String line : request.bodyText().lines().toList()) {
      String[] update = line.trim().split(" ");
      if (update.length == 3) {
        report.append(send(repo, update[0], update[1], update[2], pusher)).append('\n');
      }
    }
    return WireResponse.text(200, report.toString());
  }

  /** Sends one push webhook; returns a line for the pusher's terminal (no secret, no signature). */
  public String send(Repository repo, String before, String after, String ref, String pusher)
      throws IOException, InterruptedException {
    ObjectNode payload =
        PushPayload.build(repo.path(), repo.fullName(), before, after, ref, pusher);
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
    GetSecretValueResponse secret =
        registry.call(GetSecretValueRequest.builder().secretId(repo.secretId()).build());
    String delivery = UUID.randomUUID().toString();
    HttpResponse<String> response = deliver(repo, body, secret.secretString(), delivery);
    if (response.statusCode() >= 500) {
      // as a user redelivers from GitHub's settings page: the same delivery id, which the
      // webhook function dedupes, so a push that did get through starts no second run
      response = deliver(repo, body, secret.secretString(), delivery);
    }
    return "slipway: push webhook for "
        + ref
        + " "
        + after.substring(0, 7)
        + " (delivery "
        + delivery
        + ") -> HTTP "
        + response.statusCode()
        + " "
        + response.body().strip();
  }

  private HttpResponse<String> deliver(Repository repo, byte[] body, String secret, String delivery)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(repo.webhookUrl()))
            // GitHub gives up after 10 s; local cold starts on a small machine can take longer
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("User-Agent", "GitHub-Hookshot/slipway-local")
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", delivery)
            .header("X-GitHub-Hook-ID", Integer.toString(Math.abs(repo.fullName().hashCode())))
            .header("X-GitHub-Hook-Installation-Target-Type", "repository")
            .header("X-Hub-Signature", WebhookSignature.sha1(secret, body))
            .header("X-Hub-Signature-256", WebhookSignature.sha256(secret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
