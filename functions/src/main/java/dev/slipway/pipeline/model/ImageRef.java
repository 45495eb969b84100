package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The verified image, under {@code $.image}; everything after Verify image deploys {@link
 * #reference()}, never the tag.
 *
 * @param repositoryUri e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/hello}
 * @param tag the full git SHA the build pushed
 * @param digest {@code sha256:<64 hex>}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageRef(
    @JsonProperty("repositoryUri") String repositoryUri,
    @JsonProperty("tag") String tag,
    @JsonProperty("digest") String digest,
    @JsonProperty("findings") FindingCounts findings) {

  public ImageRef {
    Fields.text("repositoryUri", repositoryUri);
    if (repositoryUri.contains("@") || repositoryUri.matches(".*:[^/]*$")) {
      throw new InvalidFieldException(
          "repositoryUri",
          "'" + repositoryUri + "' must be the repository alone, without a tag or digest");
    }
    Fields.text("tag", tag);
    Fields.digest("digest", digest);
    findings = findings == null ? FindingCounts.NONE : findings;
  }

  /** {@code <repositoryUri>@sha256:<digest>}: the immutable reference to deploy. */
  @JsonProperty("reference")
  public String reference() {
    return repositoryUri + "@" + digest;
  }
}
