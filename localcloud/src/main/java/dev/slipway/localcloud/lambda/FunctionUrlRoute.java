package dev.slipway.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.RouteHandler;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Function URLs: {@code /lambda-url/<function>/<path>} becomes the payload format 2.0 event a
 * function URL sends (as API Gateway HTTP APIs do), and the function's answer becomes the HTTP
 * response — {@code {statusCode, headers, body, isBase64Encoded}}, or any other JSON as a 200 body.
 */
public final class FunctionUrlRoute implements RouteHandler {
  /** The path prefix function URLs live under. */
  public static final String PREFIX = "/lambda-url/";

  /**
   * Lambda's limit on a synchronous invocation's payload (6 MB, the Lambda quotas page): a function
   * URL whose event would exceed it answers 413 before the function runs.
   */
  static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

  private static final Logger LOG = Logger.getLogger(FunctionUrlRoute.class.getName());

  private final LocalLambda lambda;
  private final Clock clock;
  private final Predicate<String> allowed;

  /** Serves the functions of {@code lambda} to everyone. */
  public FunctionUrlRoute(LocalLambda lambda, Clock clock) {
    this(lambda, clock, arn -> true);
  }

  /**
   * Serves the functions of {@code lambda}; a request for a function (ARN, qualified by the URL's
   * alias) {@code allowed} refuses is answered 403 {@code Forbidden}, as Lambda answers a URL whose
   * function's resource-based policy does not grant the access.
   */
  public FunctionUrlRoute(LocalLambda lambda, Clock clock, Predicate<String> allowed) {
    this.lambda = lambda;
    this.clock = clock;
    this.allowed = allowed;
  }

  @Override
  public WireResponse handle(WireRequest request) throws IOException {
    String rest = request.path().substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String function = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "/" : rest.substring(slash);
    if (!lambda.names().contains(function)) {
      return json(404, "{\"Message\":\"No function URL for " + function.replace("\"", "") + "\"}");
    }
    String target = lambda.urlTarget(function);
    if (!allowed.test(LocalAws.arn("lambda", "function:" + target))) {
      return json(403, "{\"Message\":\"Forbidden\"}");
    }
    byte[] payload = event(request, path).toString().getBytes(StandardCharsets.UTF_8);
    if (payload.length > MAX_PAYLOAD_BYTES) {
      LOG.warning(
          () ->
              "function URL of "
                  + function
                  + " answered 413: the event is "
                  + payload.length
                  + " bytes, over Lambda's "
                  + MAX_PAYLOAD_BYTES);
      return json(
          413,
          "{\"Message\":\"Request must be smaller than "
              + MAX_PAYLOAD_BYTES
              + " bytes for the InvokeFunction operation\"}");
    }
    InvocationResult result = lambda.invoke(target, payload);
    if (!result.succeeded()) {
      // a failed function answers 502 through a function URL, as on AWS; why goes to the log
      LOG.warning(
          () ->
              "function URL of "
                  + function
                  + " answered 502: "
                  + result.functionError()
                  + " "
                  + (result.payload() == null
                      ? ""
                      : new String(result.payload(), StandardCharsets.UTF_8)));
      return json(502, "{\"Message\":\"Internal Server Error\"}");
    }
    return response(result.payload());
  }

  private ObjectNode event(WireRequest request, String path) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", "$default");
    e.put("rawPath", path);
    e.put("rawQueryString", request.rawQuery());
    ObjectNode headers = e.putObject("headers");
    for (Map.Entry<String, java.util.List<String>> h : request.headers().entrySet()) {
      headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
    }
    if (!request.rawQuery().isEmpty()) {
      ObjectNode query = e.putObject("queryStringParameters");
      request.queryParameters().forEach(query::put);
    }
    ObjectNode context = e.putObject("requestContext");
    context.put("accountId", "anonymous");
    context.put("apiId", "local");
    context.put(
        "domainName", request.header("Host") == null ? "127.0.0.1" : request.header("Host"));
    context.put("requestId", UUID.randomUUID().toString());
    context.put("routeKey", "$default");
    context.put("stage", "$default");
    context.put("timeEpoch", clock.millis());
    ObjectNode http = context.putObject("http");
    http.put("method", request.method());
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", request.header("User-Agent") == null ? "" : request.header("User-Agent"));
    String text = utf8(request.body());
    if (request.body().length > 0) {
      e.put("body", text != null ? text : Base64.getEncoder().encodeToString(request.body()));
    }
    e.put("isBase64Encoded", request.body().length > 0 && text == null);
    return e;
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static WireResponse response(byte[] payload) throws IOException {
    JsonNode out;
    try {
      out = Json.MAPPER.readTree(payload);
    } catch (IOException e) {
      return WireResponse.of(200, "application/json", payload);
    }
    if (out == null || !out.isObject() || !out.has("statusCode")) {
      return WireResponse.of(200, "application/json", payload);
    }
    String body =
        out.path("body").isMissingNode() || out.path("body").isNull()
            ? ""
            : out.path("body").asText();
    byte[] bytes =
        out.path("isBase64Encoded").asBoolean(false)
            ? Base64.getDecoder().decode(body)
            : body.getBytes(StandardCharsets.UTF_8);
    WireResponse response = WireResponse.of(out.get("statusCode").asInt(200), null, bytes);
    out.path("headers")
        .properties()
        .forEach(h -> response.headers().put(h.getKey(), h.getValue().asText()));
    response.headers().putIfAbsent("Content-Type", "application/json");
    return response;
  }

  private static WireResponse json(int status, String body) {
    return WireResponse.of(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }
}
