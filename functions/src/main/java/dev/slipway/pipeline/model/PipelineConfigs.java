package dev.slipway.pipeline.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a {@link PipelineConfig} from JSON strictly (unknown fields are errors), with errors that
 * name the field and the allowed values, e.g. {@code strategy: 'canery' is not one of rolling,
 * blue-green, canary}. The CDK app calls it at synth time, Prepare at run time.
 */
public final class PipelineConfigs {
  private static final ObjectReader READER =
      PipelineJson.mapper()
          .readerFor(PipelineConfig.class)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PipelineConfigs() {}

  /**
   * Parses and validates one service's config.
   *
   * @throws InvalidPipelineConfigException naming the first bad field
   */
  public static PipelineConfig parse(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidPipelineConfigException("pipeline config is empty; expected a JSON object");
    }
    try {
      PipelineConfig config = READER.readValue(json);
      if (config == null) {
        throw new InvalidPipelineConfigException("pipeline config is null; expected a JSON object");
      }
      return config;
    } catch (InvalidFieldException e) {
      throw new InvalidPipelineConfigException(e.getMessage());
    } catch (JsonMappingException e) {
      throw new InvalidPipelineConfigException(describe(e));
    } catch (JsonProcessingException e) {
      throw new InvalidPipelineConfigException(
          "pipeline config is not valid JSON: " + e.getOriginalMessage() + location(e));
    }
  }

  /** The config as JSON, every default written out (what the CDK app passes to Prepare). */
  public static String toJson(PipelineConfig config) {
    try {
      return PipelineJson.mapper().writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise pipeline config", e);
    }
  }

  private static String describe(JsonMappingException e) {
    String path = path(e.getPath());
    return switch (e) {
      case UnrecognizedPropertyException u ->
          at(path)
              + "unknown field; known fields are "
              + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      case InvalidFormatException f when f.getTargetType() != null && f.getTargetType().isEnum() ->
          at(path) + "'" + f.getValue() + "' is not one of " + allowed(f.getTargetType());
      case InvalidFormatException f ->
          at(path) + "'" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName();
      case ValueInstantiationException v -> instantiation(path, v.getCause());
      default -> at(path) + e.getOriginalMessage() + location(e);
    };
  }

  private static String instantiation(String path, Throwable cause) {
    if (cause instanceof InvalidFieldException field) {
      return (path.isEmpty() ? "" : path + ".") + field.field() + ": " + field.problem();
    }
    return at(path) + (cause == null ? "invalid value" : cause.getMessage());
  }

  private static String at(String path) {
    return path.isEmpty() ? "pipeline config: " : path + ": ";
  }

  private static String path(List<JsonMappingException.Reference> references) {
    var sb = new StringBuilder();
    for (var reference : references) {
      if (reference.getFieldName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        sb.append('[').append(reference.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String allowed(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        // the names as they are written in JSON (@JsonValue), not the Java constant names
        .map(constant -> PipelineJson.mapper().valueToTree(constant).asText())
        .collect(Collectors.joining(", "));
  }

  private static String location(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }
}
