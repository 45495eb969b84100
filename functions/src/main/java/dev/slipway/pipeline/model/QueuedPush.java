package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Comparator;

/**
 * One run waiting to deploy a service, as kept in the locks table's "newest" item: the newest
 * queued push wins, older queued runs end SUPERSEDED.
 *
 * @param queuedAt when Slipway received the push ({@code PushEvent.receivedAt}); orders pushes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueuedPush(
    @JsonProperty("execution") String execution,
    @JsonProperty("sha") String sha,
    @JsonProperty("queuedAt") Instant queuedAt) {

  /** Oldest first; the execution name breaks ties so every run agrees on one order. */
  public static final Comparator<QueuedPush> ORDER =
      Comparator.comparing(QueuedPush::queuedAt).thenComparing(QueuedPush::execution);

  public QueuedPush {
    Fields.text("execution", execution);
    Fields.sha("sha", sha);
    Fields.required("queuedAt", queuedAt);
  }

  /** Whether this push came after the other one. */
  public boolean isNewerThan(QueuedPush other) {
    return ORDER.compare(this, other) > 0;
  }
}
