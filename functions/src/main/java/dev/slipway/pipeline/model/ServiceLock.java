package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The per-service deploy lock (one item in the locks table): one run deploys a service at a time.
 *
 * @param expiresAt after this a waiting run may take the lock over; {@code null} = held until
 *     released by a person (after a failed rollback)
 * @param reason why the lock is held past its run (e.g. a failed rollback); {@code null} normally
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceLock(
    @JsonProperty("service") String service,
    @JsonProperty("holderExecution") String holderExecution,
    @JsonProperty("holderSha") String holderSha,
    @JsonProperty("acquiredAt") Instant acquiredAt,
    @JsonProperty("expiresAt") Instant expiresAt,
    @JsonProperty("reason") String reason) {

  public ServiceLock {
    Fields.text("service", service);
    Fields.text("holderExecution", holderExecution);
    Fields.sha("holderSha", holderSha);
    Fields.required("acquiredAt", acquiredAt);
  }

  /** The lock id stored in {@code PrepareResult.lockId}: {@code <service>/<execution>}. */
  public String id() {
    return service + "/" + holderExecution;
  }

  /** Whether the run with this execution name holds the lock. */
  public boolean heldBy(String execution) {
    return holderExecution.equals(execution);
  }

  /** Whether the lock may be taken over at the instant (it has an expiry and it has passed). */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Whether a person must release it (kept after a failed rollback, no expiry). */
  public boolean needsAttention() {
    return reason != null && expiresAt == null;
  }

  /** The same lock kept for a person to release, e.g. after a failed rollback. */
  public ServiceLock keptForAttention(String why) {
    return new ServiceLock(service, holderExecution, holderSha, acquiredAt, null, why);
  }
}
