package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The newest push the webhook accepted for a service, kept in the locks table's "received" item
 * before its run exists: a run of an older push waits for that run to start instead of deploying
 * ahead of it (a cold function instance can start a run many seconds after its webhook).
 *
 * @param receivedAt when Slipway received the push ({@code PushEvent.receivedAt})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReceivedPush(
    @JsonProperty("sha") String sha, @JsonProperty("receivedAt") Instant receivedAt) {

  public ReceivedPush {
    Fields.sha("sha", sha);
    Fields.required("receivedAt", receivedAt);
  }
}
