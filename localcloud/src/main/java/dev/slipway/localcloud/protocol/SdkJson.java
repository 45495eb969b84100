package dev.slipway.localcloud.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/** SDK model objects to and from their wire JSON, for services that store them. */
public final class SdkJson {
  private SdkJson() {}

  /** The model object as the JSON protocols would send it. */
  public static String write(SdkPojo pojo) {
    StringWriter out = new StringWriter();
    try (var g = Json.MAPPER.createGenerator(out)) {
      JsonShapeWriter.write(g, pojo);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Reads JSON into a fresh builder (e.g. {@code Target.builder()}) and builds it. */
  @SuppressWarnings("unchecked")
  public static <T> T read(String json, SdkBuilder<?, ? extends T> builder) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      JsonShapeReader.readInto((SdkPojo) builder, node, "stored");
      return (T) builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
