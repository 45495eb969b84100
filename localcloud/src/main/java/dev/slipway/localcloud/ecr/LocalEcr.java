package dev.slipway.localcloud.ecr;

import dev.slipway.localcloud.containers.LocalRegistry;
import dev.slipway.localcloud.containers.RegistryApi;
import dev.slipway.localcloud.containers.RegistryApi.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchGetImageRequest;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenRequest;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ImageScanFindings;
import software.amazon.awssdk.services.ecr.model.ImageScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.ListImagesRequest;
import software.amazon.awssdk.services.ecr.model.ListImagesResponse;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * Local mode's Amazon ECR: repositories (from the template) over the local registry, reached by
 * podman through {@link RegistryFront}, which enforces existing repositories and immutable tags.
 * Scan findings come from a {@link ScanFindingsFile}.
 */
public final class LocalEcr implements AutoCloseable {
  /** The account id local mode reports. */
  public static final String REGISTRY_ID = "000000000000";

  private static final Pattern NAME =
      Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");

  private final RegistryApi registry;
  private final ScanFindingsFile findings;
  private final Clock clock;
  private final String region;
  private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
  private final ImageCatalog catalog;
  private final Map<String, Object> pushLocks = new ConcurrentHashMap<>();
  private final String password = randomHex(24);
  private RegistryFront front;

  LocalEcr(RegistryApi registry, Path registryData, ScanFindingsFile findings, Clock clock) {
    this.registry = registry;
    this.findings = findings;
    this.clock = clock;
    this.region = "us-east-1";
    this.catalog = new ImageCatalog(registry, registryData, findings, clock);
  }

  /**
   * ECR over {@code registry}, with its push/pull address on 127.0.0.1:{@code port} (0 = free) and
   * scan findings from {@code findingsFile}.
   */
  public static LocalEcr start(LocalRegistry registry, int port, Path findingsFile, Clock clock) {
    LocalEcr ecr =
        new LocalEcr(
            new RegistryApi(registry.baseUri()),
            registry.dataDir(),
            new ScanFindingsFile(findingsFile),
            clock);
    try {
      ecr.front = RegistryFront.start(ecr, registry.baseUri(), port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for ECR pushes on 127.0.0.1:" + port, e);
    }
    return ecr;
  }

  /** {@code 127.0.0.1:<port>}: the registry host of every repository URI. */
  public String registryHost() {
    return "127.0.0.1:" + front.port();
  }

  /** {@code 127.0.0.1:<port>/<name>}, what ECR calls the repository URI. */
  public String repositoryUri(String name) {
    return registryHost() + "/" + name;
  }

  /**
   * Deploys a template's {@code AWS::ECR::Repository} (resolved CloudFormation properties): creates
   * it, or updates its settings on redeploy (the images stay). Returns the repository name; its
   * {@code Arn} and {@code RepositoryUri} come from {@link #repositoryArn} and {@link
   * #repositoryUri}.
   */
  public String provision(
      com.fasterxml.jackson.databind.JsonNode properties, String generatedName) {
    String name =
        properties.path("RepositoryName").asText(generatedName.toLowerCase(java.util.Locale.ROOT));
    repositories.remove(name);
    createRepository(
        CreateRepositoryRequest.builder()
            .repositoryName(name)
            .imageTagMutability(properties.path("ImageTagMutability").asText("MUTABLE"))
            .imageScanningConfiguration(
                ImageScanningConfiguration.builder()
                    .scanOnPush(
                        properties
                            .path("ImageScanningConfiguration")
                            .path("ScanOnPush")
                            .asBoolean(false))
                    .build())
            .build());
    return name;
  }

  /** {@code arn:aws:ecr:<region>:<account>:repository/<name>}. */
  public String repositoryArn(String name) {
    return "arn:aws:ecr:" + region + ":" + REGISTRY_ID + ":repository/" + name;
  }

  /** The scan findings file tests write. */
  public ScanFindingsFile scanFindings() {
    return findings;
  }

  @Override
  public void close() {
    if (front != null) {
      front.close();
    }
  }

  // ---- API operations -------------------------------------------------------------------------

  /** CreateRepository (also how the template's AWS::ECR::Repository is deployed). */
  public CreateRepositoryResponse createRepository(CreateRepositoryRequest r) {
    String name = r.repositoryName();
    if (name == null || name.length() < 2 || name.length() > 256 || !NAME.matcher(name).matches()) {
      throw EcrErrors.invalid(
          "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy"
              + " regular expression '"
              + NAME.pattern()
              + "'' (got '"
              + name
              + "')");
    }
    Repository repo =
        Repository.builder()
            .repositoryArn(repositoryArn(name))
            .registryId(REGISTRY_ID)
            .repositoryName(name)
            .repositoryUri(repositoryUri(name))
            .createdAt(clock.instant())
            .imageTagMutability(
                r.imageTagMutability() == null
                    ? ImageTagMutability.MUTABLE
                    : r.imageTagMutability())
            .imageScanningConfiguration(
                r.imageScanningConfiguration() == null
                    ? ImageScanningConfiguration.builder().scanOnPush(false).build()
                    : r.imageScanningConfiguration())
            .build();
    if (repositories.putIfAbsent(name, repo) != null) {
      throw EcrErrors.alreadyExists(name, REGISTRY_ID);
    }
    return CreateRepositoryResponse.builder().repository(repo).build();
  }

  /** DescribeRepositories: all, or the named ones (each must exist). */
  public DescribeRepositoriesResponse describeRepositories(DescribeRepositoriesRequest r) {
    List<Repository> out = new ArrayList<>();
    if (r.hasRepositoryNames()) {
      for (String name : r.repositoryNames()) {
        out.add(repository(name));
      }
    } else {
      out.addAll(repositories.values());
    }
    return DescribeRepositoriesResponse.builder().repositories(out).build();
  }

  /** ListImages: one id per (digest, tag) pair, untagged images with a digest only. */
  public ListImagesResponse listImages(ListImagesRequest r) {
    repository(r.repositoryName());
    List<ImageIdentifier> ids = new ArrayList<>();
    catalog
        .images(r.repositoryName())
        .forEach(
            (digest, tags) -> {
              if (tags.isEmpty()) {
                ids.add(ImageIdentifier.builder().imageDigest(digest).build());
              }
              tags.forEach(
                  t -> ids.add(ImageIdentifier.builder().imageDigest(digest).imageTag(t).build()));
            });
    return ListImagesResponse.builder().imageIds(ids).build();
  }

  /** DescribeImages: the named images (by digest or tag), or all of the repository. */
  public DescribeImagesResponse describeImages(DescribeImagesRequest r) {
    String name = r.repositoryName();
    Repository repo = repository(name);
    Map<String, List<String>> all = catalog.images(name);
    List<ImageDetail> details = new ArrayList<>();
    if (r.hasImageIds()) {
      for (ImageIdentifier id : r.imageIds()) {
        String digest =
            catalog
                .resolve(name, id)
                .orElseThrow(
                    () ->
                        EcrErrors.imageNotFound(
                            id.imageDigest(), id.imageTag(), name, REGISTRY_ID));
        details.add(catalog.detail(repo, digest, all.getOrDefault(digest, List.of())));
      }
    } else {
      all.forEach((digest, tags) -> details.add(catalog.detail(repo, digest, tags)));
    }
    return DescribeImagesResponse.builder().imageDetails(details).build();
  }

  /** BatchGetImage: manifests of the named images; unknown ones come back as failures. */
  public BatchGetImageResponse batchGetImage(BatchGetImageRequest r) {
    String name = r.repositoryName();
    repository(name);
    List<Image> images = new ArrayList<>();
    List<ImageFailure> failures = new ArrayList<>();
    for (ImageIdentifier id : r.imageIds()) {
      String reference = id.imageDigest() != null ? id.imageDigest() : id.imageTag();
      Optional<Manifest> manifest =
          reference == null ? Optional.empty() : registry.manifest(name, reference);
      if (manifest.isEmpty()) {
        failures.add(
            ImageFailure.builder()
                .imageId(id)
                .failureCode(ImageFailureCode.IMAGE_NOT_FOUND)
                .failureReason("Requested image not found")
                .build());
        continue;
      }
      Manifest m = manifest.get();
      images.add(
          Image.builder()
              .registryId(REGISTRY_ID)
              .repositoryName(name)
              .imageId(
                  ImageIdentifier.builder().imageDigest(m.digest()).imageTag(id.imageTag()).build())
              .imageManifest(m.body())
              .imageManifestMediaType(m.mediaType())
              .build());
    }
    return BatchGetImageResponse.builder().images(images).failures(failures).build();
  }

  /**
   * GetAuthorizationToken: {@code base64("AWS:<password>")}, as ECR returns it, so {@code aws ecr
   * get-login-password | docker login --username AWS --password-stdin <host>} works. The local
   * registry accepts any credentials; the token only has to be well-formed.
   */
  public GetAuthorizationTokenResponse getAuthorizationToken(GetAuthorizationTokenRequest r) {
    String token =
        Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
    return GetAuthorizationTokenResponse.builder()
        .authorizationData(
            AuthorizationData.builder()
                .authorizationToken(token)
                .expiresAt(clock.instant().plus(Duration.ofHours(12)))
                .proxyEndpoint("http://" + registryHost())
                .build())
        .build();
  }

  /** DescribeImageScanFindings from the {@link ScanFindingsFile}. */
  public DescribeImageScanFindingsResponse describeImageScanFindings(
      DescribeImageScanFindingsRequest r) {
    String name = r.repositoryName();
    Repository repo = repository(name);
    ImageIdentifier id = r.imageId();
    String digest =
        catalog
            .resolve(name, id)
            .orElseThrow(
                () -> EcrErrors.imageNotFound(id.imageDigest(), id.imageTag(), name, REGISTRY_ID));
    List<String> tags = catalog.images(name).getOrDefault(digest, List.of());
    Optional<List<ImageScanFinding>> found = findings.findings(name, digest, tags);
    if (found.isEmpty() && !repo.imageScanningConfiguration().scanOnPush()) {
      throw EcrErrors.scanNotFound(digest, id.imageTag(), name, REGISTRY_ID);
    }
    List<ImageScanFinding> list = found.orElse(List.of());
    Instant completed = catalog.pushedAt(name, digest);
    return DescribeImageScanFindingsResponse.builder()
        .registryId(REGISTRY_ID)
        .repositoryName(name)
        .imageId(ImageIdentifier.builder().imageDigest(digest).imageTag(id.imageTag()).build())
        .imageScanStatus(ImageCatalog.complete())
        .imageScanFindings(
            ImageScanFindings.builder()
                .imageScanCompletedAt(completed)
                .vulnerabilitySourceUpdatedAt(completed)
                .findings(list)
                .findingSeverityCountsWithStrings(ImageCatalog.counts(list))
                .build())
        .build();
  }

  // ---- used by RegistryFront ------------------------------------------------------------------

  boolean repositoryExists(String name) {
    return repositories.containsKey(name);
  }

  String repositoryNotFoundMessage(String name) {
    return EcrErrors.notFoundMessage(name, REGISTRY_ID);
  }

  Object pushLock(String repository) {
    return pushLocks.computeIfAbsent(repository, k -> new Object());
  }

  /** Why pushing {@code tag} as {@code digest} is refused, or null when it may be pushed. */
  String refuseTagMove(String repository, String tag, String digest) {
    Repository repo = repositories.get(repository);
    if (repo == null || repo.imageTagMutability() != ImageTagMutability.IMMUTABLE) {
      return null;
    }
    Optional<Manifest> existing = registry.manifest(repository, tag);
    if (existing.isEmpty() || existing.get().digest().equals(digest)) {
      return null;
    }
    return "The image tag '"
        + tag
        + "' already exists in the '"
        + repository
        + "' repository and cannot be overwritten because the repository is immutable.";
  }

  void recordPush(String repository, String digest) {
    catalog.recordPush(repository, digest);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Repository repository(String name) {
    Repository repo = name == null ? null : repositories.get(name);
    if (repo == null) {
      throw EcrErrors.repositoryNotFound(name, REGISTRY_ID);
    }
    return repo;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
