package dev.slipway.localcloud.codebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.localcloud.containers.ContainerTestSupport;
import dev.slipway.localcloud.containers.HostCommand;
import dev.slipway.localcloud.containers.LocalContainers;
import dev.slipway.localcloud.server.AwsCli;
import dev.slipway.localcloud.server.LocalCloudServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * A tiny repository built by local CodeBuild (started with the AWS CLI), pushed through local ECR
 * and described by digest with the SDK's EcrClient.
 */
class LocalCodeBuildIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalBuildStack stack;
  private static LocalContainers containers;
  private static LocalCodeBuild codeBuild;
  private static EcrClient ecrClient;
  private static AwsCli.At aws;
  private static Path repo;
  private static String repositoryUri;

  @BeforeAll
  static void start() throws Exception {
    Path state = ContainerTestSupport.stateDir();
    stack = LocalBuildStack.start(state);
    containers = stack.containers;
    codeBuild = stack.codeBuild;
    LocalCloudServer server = stack.server;
    ecrClient =
        EcrClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build();
    aws = AwsCli.require().at(server.endpoint());
    repo = tinyRepository(state.resolve("cb-it-repo-" + System.nanoTime()));
    String name = "it/tiny-" + System.nanoTime();
    repositoryUri =
        ecrClient
            .createRepository(
                b -> b.repositoryName(name).imageTagMutability(ImageTagMutability.IMMUTABLE))
            .repository()
            .repositoryUri();
    Path input = state.resolve("cb-it-project.json");
    Files.writeString(
        input,
        JSON.createObjectNode()
            .put("name", "tiny")
            .put("serviceRole", "arn:aws:iam::000000000000:role/build")
            .put("timeoutInMinutes", 10)
            .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "source",
                JSON.createObjectNode().put("type", "GITHUB").put("location", repo.toString()))
            .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "artifacts", JSON.createObjectNode().put("type", "NO_ARTIFACTS"))
            .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "environment",
                JSON.readTree(
                    """
                    {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                     "computeType": "BUILD_GENERAL1_SMALL", "privilegedMode": true,
                     "environmentVariables": [{"name": "ECR_REPOSITORY_URI", "value": "%s"}]}
                    """
                        .formatted(repositoryUri)))
            .toString());
    aws.call("codebuild", "create-project", "--cli-input-json", "file://" + input);
  }

  @AfterAll
  static void stop() {
    if (ecrClient != null) {
      ecrClient.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void buildsPushesAndReportsTheImageByDigest() throws Exception {
    String sha =
        HostCommand.of("git", "-C", repo.toString(), "rev-parse", "HEAD").runOrThrow("git").strip();
    String[] start = {
      "codebuild",
      "start-build",
      "--project-name",
      "tiny",
      "--source-version",
      sha,
      "--idempotency-token",
      "run-" + sha,
      "--environment-variables-override",
      "name=SLIPWAY_EXECUTION,value=exec-1,type=PLAINTEXT"
    };
    JsonNode started = aws.call(start);
    String id = started.path("build").path("id").asText();
    assertThat(started.path("build").path("buildStatus").asText()).isEqualTo("IN_PROGRESS");
    // a retried StartBuild (same idempotency token) gets the same build
    assertThat(aws.call(start).path("build").path("id").asText()).isEqualTo(id);
    // the same token with another override is CodeBuild's parameter mismatch, not a second build
    String[] changed = start.clone();
    changed[changed.length - 1] = "name=SLIPWAY_EXECUTION,value=exec-2,type=PLAINTEXT";
    assertThatThrownBy(() -> aws.call(changed))
        .hasMessageContaining("InvalidInputException")
        .hasMessageContaining("Parameter mismatch: idempotency token run-" + sha);

    JsonNode build = awaitDone(id);
    assertThat(build.path("buildStatus").asText())
        .as("log:\n%s", Files.readString(codeBuild.logFile(id).orElseThrow()))
        .isEqualTo("SUCCEEDED");
    assertThat(build.path("resolvedSourceVersion").asText()).isEqualTo(sha);
    Map<String, String> exported = exported(build);
    assertThat(exported).containsEntry("IMAGE_URI", repositoryUri + ":" + sha);
    containers.podman().removeImage(exported.get("IMAGE_URI"));
    assertThat(phaseTypes(build))
        .containsSubsequence(
            "SUBMITTED", "DOWNLOAD_SOURCE", "PRE_BUILD", "BUILD", "POST_BUILD", "FINALIZING");

    String name = repositoryUri.substring(repositoryUri.indexOf('/') + 1);
    ImageDetail byTag =
        ecrClient
            .describeImages(
                b ->
                    b.repositoryName(name)
                        .imageIds(ImageIdentifier.builder().imageTag(sha).build()))
            .imageDetails()
            .getFirst();
    ImageDetail byDigest =
        ecrClient
            .describeImages(
                b ->
                    b.repositoryName(name)
                        .imageIds(
                            ImageIdentifier.builder().imageDigest(byTag.imageDigest()).build()))
            .imageDetails()
            .getFirst();
    assertThat(byDigest.imageTags()).containsExactly(sha);
    assertThat(byDigest.imageDigest()).startsWith("sha256:");

    PutEventsRequestEntry done =
        stack.events.stream()
            .filter(e -> e.resources().contains(build.path("arn").asText()))
            .filter(e -> e.detailType().equals("CodeBuild Build State Change"))
            .filter(e -> e.detail().contains("\"build-complete\":true"))
            .findFirst()
            .orElseThrow();
    assertThat(done.source()).isEqualTo("aws.codebuild");
    assertThat(
            stack.events.stream()
                .filter(e -> e.resources().contains(build.path("arn").asText()))
                .filter(e -> e.detailType().equals("CodeBuild Build Phase Change"))
                .map(e -> e.detail()))
        .anyMatch(
            d -> d.contains("\"completed-phase\":\"BUILD\"") && d.contains("SLIPWAY_EXECUTION"));
    assertThat(done.detailType()).isEqualTo("CodeBuild Build State Change");
    JsonNode detail = JSON.readTree(done.detail());
    assertThat(detail.path("build-status").asText()).isEqualTo("SUCCEEDED");
    assertThat(detail.path("project-name").asText()).isEqualTo("tiny");
    assertThat(
            detail.path("additional-information").path("exported-environment-variables").toString())
        .contains(sha);
    assertThat(
            detail
                .path("additional-information")
                .path("environment")
                .path("environment-variables")
                .toString())
        .contains("\"name\":\"SLIPWAY_EXECUTION\"")
        .contains("\"value\":\"exec-1\"");
  }

  @Test
  void failingBuildCommandFailsTheBuildButPostBuildStillRuns() throws Exception {
    String spec =
        """
        version: 0.2
        phases:
          build:
            commands:
              - echo compiling
              - exit 3
          post_build:
            commands:
              - echo "post_build ran, succeeding=$CODEBUILD_BUILD_SUCCEEDING"
        """;
    String id = startTiny(spec);
    JsonNode build = awaitDone(id);
    assertThat(build.path("buildStatus").asText()).isEqualTo("FAILED");
    JsonNode failed =
        JSON.valueToTree(
            java.util.stream.StreamSupport.stream(build.path("phases").spliterator(), false)
                .filter(p -> p.path("phaseStatus").asText().equals("FAILED"))
                .toList());
    assertThat(failed.get(0).path("phaseType").asText()).isEqualTo("BUILD");
    assertThat(failed.get(0).path("contexts").get(0).path("message").asText())
        .contains("exit 3")
        .contains("exit status 3");
    assertThat(Files.readString(codeBuild.logFile(id).orElseThrow()))
        .contains("post_build ran, succeeding=0");
  }

  /** list-projects, list-builds and list-builds-for-project answer the AWS CLI in AWS's orders. */
  @Test
  void theCliListsProjectsAndBuildsNewestFirstOrOldestFirst() throws Exception {
    String spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo listed\n";
    String first = startTiny(spec);
    awaitDone(first);
    Thread.sleep(20); // a later start time, as two builds started one after the other have
    String second = startTiny(spec);
    awaitDone(second);

    assertThat(aws.call("codebuild", "list-projects").path("projects"))
        .extracting(JsonNode::asText)
        .contains("tiny");
    List<String> newest = ids(aws.call("codebuild", "list-builds"));
    List<String> oldest = ids(aws.call("codebuild", "list-builds", "--sort-order", "ASCENDING"));
    assertThat(newest).containsSubsequence(second, first);
    assertThat(oldest).containsSubsequence(first, second).hasSameSizeAs(newest);
    assertThat(
            ids(
                aws.call(
                    "codebuild",
                    "list-builds-for-project",
                    "--project-name",
                    "tiny",
                    "--sort-order",
                    "ASCENDING")))
        .containsSubsequence(first, second);
  }

  /** Starts a build of the "tiny" project with {@code spec} as its buildspec; its id. */
  private static String startTiny(String spec) throws Exception {
    return aws.call(
            "codebuild", "start-build", "--project-name", "tiny", "--buildspec-override", spec)
        .path("build")
        .path("id")
        .asText();
  }

  private static List<String> ids(JsonNode listed) {
    List<String> out = new java.util.ArrayList<>();
    listed.path("ids").forEach(id -> out.add(id.asText()));
    return out;
  }

  @Test
  void stopBuildKillsTheRunningCommand() throws Exception {
    String spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 120\n";
    String id = startTiny(spec);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(codeBuild.logFile(id).orElseThrow()).contains("sleep 120"));
    aws.call("codebuild", "stop-build", "--id", id);
    JsonNode build = awaitDone(id);
    assertThat(build.path("buildStatus").asText()).isEqualTo("STOPPED");
  }

  private static JsonNode awaitDone(String id) {
    return await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> aws.call("codebuild", "batch-get-builds", "--ids", id).path("builds").get(0),
            b -> b.path("buildComplete").asBoolean());
  }

  private static Map<String, String> exported(JsonNode build) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    build
        .path("exportedEnvironmentVariables")
        .forEach(v -> out.put(v.path("name").asText(), v.path("value").asText()));
    return out;
  }

  private static List<String> phaseTypes(JsonNode build) {
    List<String> out = new java.util.ArrayList<>();
    build.path("phases").forEach(p -> out.add(p.path("phaseType").asText()));
    return out;
  }

  /** A git repository with a Dockerfile on the base image and a buildspec that pushes it. */
  static Path tinyRepository(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("hello.txt"), "hello from a tiny repository\n");
    Files.writeString(
        dir.resolve("Dockerfile"),
        "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY hello.txt /hello.txt\n");
    Files.writeString(
        dir.resolve("buildspec.yml"),
        """
        version: 0.2
        env:
          exported-variables:
            - IMAGE_TAG
            - IMAGE_URI
        phases:
          pre_build:
            commands:
              - IMAGE_TAG="$CODEBUILD_RESOLVED_SOURCE_VERSION"
              - IMAGE_URI="$ECR_REPOSITORY_URI:$IMAGE_TAG"
              - aws ecr get-login-password | docker login --username AWS --password-stdin "${ECR_REPOSITORY_URI%%/*}"
          build:
            commands:
              - docker build --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE_URI" .
          post_build:
            commands:
              - if [ "$CODEBUILD_BUILD_SUCCEEDING" = "1" ]; then docker push "$IMAGE_URI"; fi
        """);
    return LocalBuildStack.newRepository(dir, "tiny");
  }
}
