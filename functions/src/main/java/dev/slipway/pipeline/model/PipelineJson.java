package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration for pipeline records: ISO-8601 instants, and {@code null}
 * components left out of the JSON.
 *
 * <p>Why leave nulls out: in the state machine's JSONata, {@code $exists(x)} is true for a JSON
 * {@code null}, so an absent key is the only way to say "not set" (e.g. {@code prepare.retryAt}
 * decides whether to wait); it also keeps the state document well under Step Functions' 256 KB.
 */
public final class PipelineJson {
  private static final ObjectMapper MAPPER = newMapper();

  private PipelineJson() {}

  /** A shared, thread-safe mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A fresh mapper with the pipeline configuration, for callers that add their own modules. */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();
  }
}
