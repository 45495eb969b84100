package dev.slipway.localcloud.ecr;

import dev.slipway.localcloud.containers.RegistryApi;
import dev.slipway.localcloud.containers.RegistryApi.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ImageScanFindingsSummary;
import software.amazon.awssdk.services.ecr.model.ImageScanStatus;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.ScanStatus;

/** The images of a repository as ECR describes them, read from the local registry. */
final class ImageCatalog {
  private final RegistryApi registry;
  private final Path registryData;
  private final ScanFindingsFile findings;
  private final Clock clock;
  private final Map<String, Instant> pushedAt = new ConcurrentHashMap<>();

  ImageCatalog(RegistryApi registry, Path registryData, ScanFindingsFile findings, Clock clock) {
    this.registry = registry;
    this.registryData = registryData;
    this.findings = findings;
    this.clock = clock;
  }

  void recordPush(String repository, String digest) {
    pushedAt.putIfAbsent(repository + "@" + digest, clock.instant());
  }

  /** Digest → tags, in tag order; images pushed by digest only appear once pushed with a tag. */
  Map<String, List<String>> images(String repository) {
    Map<String, List<String>> byDigest = new LinkedHashMap<>();
    for (String tag : registry.tags(repository)) {
      registry
          .manifest(repository, tag)
          .ifPresent(m -> byDigest.computeIfAbsent(m.digest(), d -> new ArrayList<>()).add(tag));
    }
    pushedAt.keySet().stream()
        .filter(k -> k.startsWith(repository + "@"))
        .map(k -> k.substring(repository.length() + 1))
        .filter(d -> registry.manifest(repository, d).isPresent())
        .forEach(d -> byDigest.putIfAbsent(d, new ArrayList<>()));
    return byDigest;
  }

  Optional<String> resolve(String repository, ImageIdentifier id) {
    if (id == null || (id.imageDigest() == null && id.imageTag() == null)) {
      throw EcrErrors.invalid("imageId needs an imageDigest or an imageTag");
    }
    Optional<Manifest> m =
        registry.manifest(repository, id.imageDigest() != null ? id.imageDigest() : id.imageTag());
    if (m.isPresent() && id.imageDigest() != null && id.imageTag() != null) {
      Optional<Manifest> byTag = registry.manifest(repository, id.imageTag());
      if (byTag.isEmpty() || !byTag.get().digest().equals(m.get().digest())) {
        return Optional.empty();
      }
    }
    return m.map(Manifest::digest);
  }

  ImageDetail detail(Repository repo, String digest, List<String> tags) {
    String name = repo.repositoryName();
    Manifest m =
        registry
            .manifest(name, digest)
            .orElseThrow(() -> EcrErrors.imageNotFound(digest, null, name, LocalEcr.REGISTRY_ID));
    ImageDetail.Builder d =
        ImageDetail.builder()
            .registryId(LocalEcr.REGISTRY_ID)
            .repositoryName(name)
            .imageDigest(digest)
            .imageTags(tags)
            .imageSizeInBytes(m.size())
            .imagePushedAt(pushedAt(name, digest))
            .imageManifestMediaType(m.mediaType())
            .artifactMediaType(m.configMediaType());
    Optional<List<ImageScanFinding>> found = findings.findings(name, digest, tags);
    if (found.isPresent() || repo.imageScanningConfiguration().scanOnPush()) {
      List<ImageScanFinding> list = found.orElse(List.of());
      d.imageScanStatus(complete())
          .imageScanFindingsSummary(
              ImageScanFindingsSummary.builder()
                  .imageScanCompletedAt(pushedAt(name, digest))
                  .vulnerabilitySourceUpdatedAt(pushedAt(name, digest))
                  .findingSeverityCountsWithStrings(counts(list))
                  .build());
    }
    return d.build();
  }

  /** When the image was pushed: recorded at push, else the registry's file time (after restart). */
  Instant pushedAt(String repository, String digest) {
    Instant recorded = pushedAt.get(repository + "@" + digest);
    if (recorded != null) {
      return recorded;
    }
    Path link =
        registryData.resolve(
            "docker/registry/v2/repositories/"
                + repository
                + "/_manifests/revisions/sha256/"
                + digest.substring("sha256:".length())
                + "/link");
    try {
      return Files.getLastModifiedTime(link).toInstant();
    } catch (IOException e) {
      return clock.instant();
    }
  }

  static ImageScanStatus complete() {
    return ImageScanStatus.builder()
        .status(ScanStatus.COMPLETE)
        .description("The scan was completed successfully.")
        .build();
  }

  static Map<String, Integer> counts(List<ImageScanFinding> list) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    list.forEach(f -> counts.merge(f.severityAsString(), 1, Integer::sum));
    return counts;
  }
}
