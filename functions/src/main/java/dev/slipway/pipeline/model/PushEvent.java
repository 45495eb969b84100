package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import java.util.List;

/**
 * The {@code detail} of a {@code slipway.github} / {@code push} event: one pushed commit of one
 * service's branch.
 *
 * @param changedFiles paths added, modified or removed by the push's commits, for path filters;
 *     {@code null} when unknown (then no path filter applies). GitHub lists at most 20 commits per
 *     push payload.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
// the interface's kind-picking deserializer must not apply to the concrete record itself
@JsonDeserialize(using = JsonDeserializer.None.class)
public record PushEvent(
    @JsonProperty("service") String service,
    @JsonProperty("repository") String repository,
    @JsonProperty("ref") String ref,
    @JsonProperty("branch") String branch,
    @JsonProperty("sha") String sha,
    @JsonProperty("beforeSha") String beforeSha,
    @JsonProperty("pusher") String pusher,
    @JsonProperty("commitMessage") String commitMessage,
    @JsonProperty("commitTimestamp") Instant commitTimestamp,
    @JsonProperty("deliveryId") String deliveryId,
    @JsonProperty("receivedAt") Instant receivedAt,
    @JsonProperty("changedFiles") List<String> changedFiles)
    implements EventDetail {

  /** The event's {@code source} on the Slipway bus. */
  public static final String SOURCE = "slipway.github";

  /** The event's {@code detail-type} on the Slipway bus. */
  public static final String DETAIL_TYPE = "push";

  public PushEvent {
    Fields.text("service", service);
    Fields.text("repository", repository);
    Fields.text("ref", ref);
    Fields.sha("sha", sha);
    Fields.optionalSha("beforeSha", beforeSha);
    Fields.text("deliveryId", deliveryId);
    changedFiles = changedFiles == null ? null : List.copyOf(changedFiles);
  }

  /** The first 7 characters of the SHA, as git and GitHub show it. */
  public String shortSha() {
    return sha.substring(0, 7);
  }
}
