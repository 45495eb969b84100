package dev.slipway.functions;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** An EventBridge event as a Lambda target receives it; {@code detail} stays raw JSON. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AwsEvent(
    @JsonProperty("id") String id,
    @JsonProperty("detail-type") String detailType,
    @JsonProperty("source") String source,
    @JsonProperty("time") Instant time,
    @JsonProperty("resources") List<String> resources,
    @JsonProperty("detail") JsonNode detail) {

  public AwsEvent {
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /** A text field of the detail, or {@code null}. */
  public String text(String field) {
    JsonNode value = detail == null ? null : detail.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
