package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A person's answer to an approval request, under {@code $.approval}.
 *
 * @param sha the commit the approval was issued for; it never promotes another
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalResult(
    @JsonProperty("approved") boolean approved,
    @JsonProperty("sha") String sha,
    @JsonProperty("approver") String approver,
    @JsonProperty("comment") String comment,
    @JsonProperty("decidedAt") Instant decidedAt) {

  public ApprovalResult {
    Fields.sha("sha", sha);
  }
}
