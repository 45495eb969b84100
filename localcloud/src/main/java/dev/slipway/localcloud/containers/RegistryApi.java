package dev.slipway.localcloud.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client of the OCI distribution API of the local registry: repositories, tags, manifests. Blobs
 * are moved by podman, not here.
 */
public final class RegistryApi {
  /** Manifest media types this client asks for (OCI and Docker v2, single and index). */
  public static final String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  /** A client of the registry at {@code base} ({@code http://127.0.0.1:<port>}). */
  public RegistryApi(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  /** Repository names in the registry. */
  public List<String> repositories() {
    HttpResponse<String> r = get("/v2/_catalog?n=10000", "application/json");
    return names(parse(r).path("repositories"));
  }

  /** Tags of {@code repository}; empty when it has none or does not exist. */
  public List<String> tags(String repository) {
    HttpResponse<String> r = get("/v2/" + repository + "/tags/list", "application/json");
    if (r.statusCode() == 404) {
      return List.of();
    }
    return names(parse(r).path("tags"));
  }

  /** The manifest {@code reference} (tag or digest) points to, or empty when there is none. */
  public Optional<Manifest> manifest(String repository, String reference) {
    HttpResponse<String> r = get("/v2/" + repository + "/manifests/" + reference, ACCEPT);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    check(r);
    String digest = r.headers().firstValue("Docker-Content-Digest").orElseThrow();
    String mediaType = r.headers().firstValue("Content-Type").orElse("");
    return Optional.of(Manifest.of(digest, mediaType, r.body()));
  }

  /** Deletes a manifest by digest (its tags go with it). */
  public void deleteManifest(String repository, String digest) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/manifests/" + digest))
              .timeout(Duration.ofSeconds(10))
              .DELETE()
              .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202 && r.statusCode() != 404) {
        check(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("local registry at " + base + " is not reachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private HttpResponse<String> get(String path, String accept) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(10))
              .header("Accept", accept)
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "local registry at " + base + " is not reachable (is local mode up?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling the local registry", e);
    }
  }

  private static JsonNode parse(HttpResponse<String> r) {
    check(r);
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("the local registry answered with invalid JSON", e);
    }
  }

  private static void check(HttpResponse<String> r) {
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "local registry answered " + r.statusCode() + " to " + r.uri() + ": " + r.body());
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * One image manifest.
   *
   * @param digest {@code sha256:…} of the manifest bytes
   * @param mediaType the manifest's media type
   * @param body the manifest JSON exactly as stored
   * @param configMediaType the media type of its config blob (the artifact type)
   * @param size bytes of the config and layers (compressed), as ECR reports image size
   */
  public record Manifest(
      String digest, String mediaType, String body, String configMediaType, long size) {
    static Manifest of(String digest, String mediaType, String body) {
      try {
        JsonNode m = JSON.readTree(body);
        long size = m.path("config").path("size").asLong();
        for (JsonNode layer : m.path("layers")) {
          size += layer.path("size").asLong();
        }
        String type = m.path("mediaType").asText(mediaType);
        return new Manifest(
            digest, type, body, m.path("config").path("mediaType").asText(""), size);
      } catch (IOException e) {
        throw new UncheckedIOException("manifest " + digest + " is not JSON", e);
      }
    }
  }
}
