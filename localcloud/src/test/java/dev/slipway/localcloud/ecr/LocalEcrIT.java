package dev.slipway.localcloud.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.containers.CommandFailedException;
import dev.slipway.localcloud.containers.CommandResult;
import dev.slipway.localcloud.containers.ContainerTestSupport;
import dev.slipway.localcloud.containers.LocalContainers;
import dev.slipway.localcloud.containers.Podman;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.LocalCloudServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** ECR over the local registry with the real SDK client and real podman pushes. */
class LocalEcrIT {
  private static LocalContainers containers;
  private static LocalCloudServer server;
  private static LocalEcr ecr;
  private static EcrClient client;
  private static Path findings;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(ContainerTestSupport.stateDir());
    containers = LocalContainers.start(ContainerTestSupport.stateDir(), 0);
    findings = ContainerTestSupport.stateDir().resolve("ecr-it-findings.json");
    Files.deleteIfExists(findings);
    ecr = LocalEcr.start(containers.registry(), 0, findings, Clock.systemUTC());
    server = LocalCloudServer.start(0);
    server.register(ServiceDescriptor.ecr(ecr));
    client =
        EcrClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (ecr != null) {
      ecr.close();
    }
    if (containers != null) {
      containers.podman().removeImage("localhost/slipway-it/ecr-tiny:1");
      containers.close();
    }
  }

  @Test
  void pushedImageIsDescribedByDigestAndItsTagCannotMove() throws Exception {
    String repo = "it/immutable-" + System.nanoTime();
    String uri =
        client
            .createRepository(
                b -> b.repositoryName(repo).imageTagMutability(ImageTagMutability.IMMUTABLE))
            .repository()
            .repositoryUri();
    assertThat(uri).isEqualTo(ecr.registryHost() + "/" + repo);
    Podman podman = containers.podman();
    String sha = "0123456789abcdef0123456789abcdef01234567";
    String digest = podman.push(containers.baseImage(), uri + ":" + sha);

    ImageDetail detail =
        client
            .describeImages(
                b ->
                    b.repositoryName(repo)
                        .imageIds(ImageIdentifier.builder().imageDigest(digest).build()))
            .imageDetails()
            .getFirst();
    assertThat(detail.imageDigest()).isEqualTo(digest);
    assertThat(detail.imageTags()).containsExactly(sha);
    assertThat(detail.imageSizeInBytes()).isGreaterThan(10_000_000L);
    assertThat(detail.imagePushedAt()).isNotNull();

    BatchGetImageResponse got =
        client.batchGetImage(
            b ->
                b.repositoryName(repo)
                    .imageIds(
                        ImageIdentifier.builder().imageTag(sha).build(),
                        ImageIdentifier.builder().imageTag("missing").build()));
    assertThat(got.images()).hasSize(1);
    assertThat(got.images().getFirst().imageId().imageDigest()).isEqualTo(digest);
    assertThat(got.images().getFirst().imageManifest()).contains("\"layers\"");
    assertThat(got.failures().getFirst().failureCodeAsString()).isEqualTo("ImageNotFound");

    // same tag, another image: refused by the immutable repository
    ContainerTestSupport.buildTinyApp(
        podman, containers.baseImage(), "localhost/slipway-it/ecr-tiny:1");
    assertThatThrownBy(() -> podman.push("localhost/slipway-it/ecr-tiny:1", uri + ":" + sha))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("cannot be overwritten because the repository is immutable");
    // the same image again under the same tag is fine
    assertThat(podman.push(containers.baseImage(), uri + ":" + sha)).isEqualTo(digest);
    // pulled by digest through the same address, as ECS tasks pull it
    podman.pull(uri + "@" + digest);
    // (no rmi: the pulled image is the base image itself, which later tests still use)
    assertThat(podman.imageExists(uri + "@" + digest)).isTrue();
  }

  @Test
  void templateRepositoryIsProvisionedAndRedeployedInPlace() throws Exception {
    com.fasterxml.jackson.databind.JsonNode properties =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                """
                {"RepositoryName": "it/from-template", "ImageTagMutability": "IMMUTABLE",
                 "ImageScanningConfiguration": {"ScanOnPush": true}}
                """);
    assertThat(ecr.provision(properties, "Stack-Repo")).isEqualTo("it/from-template");
    assertThat(ecr.provision(properties, "Stack-Repo")).isEqualTo("it/from-template");
    var repo =
        client
            .describeRepositories(b -> b.repositoryNames("it/from-template"))
            .repositories()
            .getFirst();
    assertThat(repo.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
    assertThat(repo.imageScanningConfiguration().scanOnPush()).isTrue();
    assertThat(repo.repositoryArn()).isEqualTo(ecr.repositoryArn("it/from-template"));
  }

  @Test
  void pushToUnknownRepositoryIsRefused() {
    assertThatThrownBy(
            () ->
                containers
                    .podman()
                    .push(containers.baseImage(), ecr.registryHost() + "/it/no-such-repo:1"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("does not exist in the registry");
    assertThatThrownBy(() -> client.describeImages(b -> b.repositoryName("it/no-such-repo")))
        .isInstanceOf(RepositoryNotFoundException.class);
  }

  @Test
  void authorizationTokenLogsPodmanIn() {
    String token =
        client.getAuthorizationToken(b -> {}).authorizationData().getFirst().authorizationToken();
    String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    assertThat(decoded).startsWith("AWS:");
    CommandResult login =
        containers
            .podman()
            .exec(
                List.of(
                    "login",
                    "--username",
                    "AWS",
                    "--password",
                    decoded.substring(4),
                    ecr.registryHost()),
                Duration.ofSeconds(30));
    assertThat(login.succeeded()).as(login.outputTail()).isTrue();
  }

  @Test
  void scanFindingsComeFromTheFindingsFile() throws Exception {
    String repo = "it/scanned-" + System.nanoTime();
    client.createRepository(
        b -> b.repositoryName(repo).imageScanningConfiguration(s -> s.scanOnPush(true)));
    String digest =
        containers.podman().push(containers.baseImage(), ecr.repositoryUri(repo) + ":v1");
    ImageIdentifier id = ImageIdentifier.builder().imageDigest(digest).build();

    DescribeImageScanFindingsResponse clean =
        client.describeImageScanFindings(b -> b.repositoryName(repo).imageId(id));
    assertThat(clean.imageScanStatus().statusAsString()).isEqualTo("COMPLETE");
    assertThat(clean.imageScanFindings().findings()).isEmpty();

    Files.writeString(
        findings,
        """
        {"%s": {"v1": [
          {"name": "CVE-2099-0001", "severity": "CRITICAL", "uri": "https://example.test/cve"},
          {"name": "CVE-2099-0002", "severity": "HIGH"},
          {"name": "CVE-2099-0003", "severity": "HIGH"}]}}
        """
            .formatted(repo));
    DescribeImageScanFindingsResponse vulnerable =
        client.describeImageScanFindings(b -> b.repositoryName(repo).imageId(id));
    assertThat(vulnerable.imageScanFindings().findingSeverityCountsAsStrings())
        .containsEntry("CRITICAL", 1)
        .containsEntry("HIGH", 2);
    assertThat(vulnerable.imageScanFindings().findings().getFirst().name())
        .isEqualTo("CVE-2099-0001");
    assertThatThrownBy(
            () ->
                client.describeImageScanFindings(
                    b -> b.repositoryName(repo).imageId(i -> i.imageTag("nope"))))
        .isInstanceOf(ImageNotFoundException.class);
  }
}
