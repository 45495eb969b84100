package dev.slipway.localcloud.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;

/** The shared JSON and CBOR mappers of the protocol layer. */
public final class Json {
  /** Plain JSON. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  /** CBOR (Smithy RPC v2). */
  public static final CBORMapper CBOR = new CBORMapper(new CBORFactory());

  private Json() {}

  /** Parses a JSON body; an empty body is an empty object. */
  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return MAPPER.createObjectNode();
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw ShapeErrors.serialization(
          "Request body is not valid JSON: "
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage()
                  : e.getMessage()));
    }
  }

  /** Parses a CBOR body; an empty body is an empty map. */
  static JsonNode parseCbor(byte[] body) {
    if (body.length == 0) {
      return MAPPER.createObjectNode();
    }
    try {
      return CBOR.readTree(body);
    } catch (IOException e) {
      throw ShapeErrors.serialization("Request body is not valid CBOR: " + e.getMessage());
    }
  }
}
