package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** The {@code detail} of a {@code slipway.manual} / {@code rollback} event. */
@JsonIgnoreProperties(ignoreUnknown = true)
// the interface's kind-picking deserializer must not apply to the concrete record itself
@JsonDeserialize(using = JsonDeserializer.None.class)
public record ManualRollbackRequest(
    @JsonProperty("service") String service,
    @JsonProperty("environment") String environment,
    @JsonProperty("toSha") String toSha,
    @JsonProperty("requestedBy") String requestedBy,
    @JsonProperty("reason") String reason,
    @JsonProperty("requestId") String requestId)
    implements EventDetail {

  /** The event's {@code source} on the Slipway bus. */
  public static final String SOURCE = "slipway.manual";

  /** The event's {@code detail-type} on the Slipway bus. */
  public static final String DETAIL_TYPE = "rollback";

  public ManualRollbackRequest {
    Fields.text("service", service);
    Fields.text("environment", environment);
    Fields.sha("toSha", toSha);
    Fields.text("requestedBy", requestedBy);
    Fields.text("requestId", requestId);
  }
}
