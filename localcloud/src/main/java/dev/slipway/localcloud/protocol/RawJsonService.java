package dev.slipway.localcloud.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A service answered with plain JSON trees instead of SDK model classes — for an AWS JSON service
 * whose SDK model jar is not available here. Throw {@link AwsErrors} exceptions for failures.
 */
@FunctionalInterface
public interface RawJsonService {
  /** Handles one operation ({@code StartBuild}) with its decoded JSON input. */
  JsonNode call(String operation, JsonNode input);
}
