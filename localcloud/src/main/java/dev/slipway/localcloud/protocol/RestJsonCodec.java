package dev.slipway.localcloud.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.traits.PayloadTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * REST-JSON: the operation is found by HTTP method + the SDK's URI template; members are bound to
 * path labels, query parameters, headers, a payload member or the JSON body.
 */
final class RestJsonCodec implements ProtocolCodec {
  static final RestJsonCodec INSTANCE = new RestJsonCodec();
  private static final Map<ServiceOperations, List<RestRoute>> ROUTES = new ConcurrentHashMap<>();

  /** True when some operation of the service matches this request's method and path. */
  static boolean matches(ServiceDescriptor service, WireRequest request) {
    return find(service, request) != null;
  }

  @Override
  public WireResponse handle(ServiceDescriptor service, WireRequest request) {
    Match match = find(service, request);
    if (match == null) {
      throw AwsErrors.generic(
          404,
          "UnknownOperationException",
          "No "
              + service.sdkServiceId()
              + " operation matches "
              + request.method()
              + " "
              + request.path());
    }
    Operation op = match.route().operation();
    SdkPojo builder = op.newRequestBuilder();
    bindRequest(builder, request, match.labels());
    SdkRequest sdkRequest = (SdkRequest) ((SdkBuilder<?, ?>) builder).build();
    ShapeErrors.checkRequired((SdkPojo) sdkRequest, service.validationErrorCode());
    return encodeResponse(op.invoke(sdkRequest));
  }

  private record Match(RestRoute route, Map<String, String> labels) {}

  private static Match find(ServiceDescriptor service, WireRequest request) {
    List<RestRoute> routes = ROUTES.computeIfAbsent(service.operations(), RestJsonCodec::compile);
    Map<String, String> query = request.queryParameters();
    String path = request.path();
    for (RestRoute route : routes) {
      Map<String, String> labels = route.match(request.method(), path, query);
      if (labels != null) {
        return new Match(route, labels);
      }
    }
    return null;
  }

  private static List<RestRoute> compile(ServiceOperations ops) {
    List<RestRoute> routes = new ArrayList<>();
    for (Operation op : ops.all().values()) {
      if (op.http() != null) {
        routes.add(RestRoute.of(op));
      }
    }
    routes.sort(
        Comparator.comparingInt(RestRoute::specificity)
            .reversed()
            .thenComparing(r -> -r.constantQuery().size()));
    return routes;
  }

  private static void bindRequest(
      SdkPojo builder, WireRequest request, Map<String, String> labels) {
    Map<String, String> query = request.queryParameters();
    boolean explicitPayload = false;
    for (SdkField<?> field : builder.sdkFields()) {
      String raw =
          switch (field.location()) {
            case PATH, GREEDY_PATH -> labels.get(field.locationName());
            case QUERY_PARAM -> query.get(field.locationName());
            case HEADER -> request.header(field.locationName());
            default -> null;
          };
      if (raw != null) {
        field.set(builder, scalarOrList(field, raw));
      }
      if (field.location() == MarshallLocation.PAYLOAD && field.containsTrait(PayloadTrait.class)) {
        explicitPayload = true;
        if (request.body().length > 0) {
          field.set(builder, payloadValue(field, request));
        }
      }
    }
    if (!explicitPayload) {
      JsonShapeReader.readInto(builder, Json.parse(request.body()), "body");
    }
  }

  private static Object scalarOrList(SdkField<?> field, String raw) {
    return switch (field.marshallingType().getKnownType()) {
      case LIST -> List.of(raw.split(","));
      default -> QueryShapeReader.scalar(field, raw, field.locationName());
    };
  }

  private static Object payloadValue(SdkField<?> field, WireRequest request) {
    return switch (field.marshallingType().getKnownType()) {
      case SDK_BYTES -> SdkBytes.fromByteArray(request.body());
      case STRING -> request.bodyText();
      case SDK_POJO -> JsonShapeReader.readPojo(field, Json.parse(request.body()), "body");
      default ->
          throw ShapeErrors.serialization("unsupported payload member " + field.memberName());
    };
  }

  private static WireResponse encodeResponse(SdkResponse response) {
    int status = 200;
    byte[] body = null;
    String contentType = "application/json";
    java.util.LinkedHashMap<String, String> headers = new java.util.LinkedHashMap<>();
    for (SdkField<?> field : response.sdkFields()) {
      Object value = field.getValueOrDefault(response);
      if (JsonShapeWriter.isUnset(value)) {
        continue;
      }
      switch (field.location()) {
        case STATUS_CODE -> status = ((Number) value).intValue();
        case HEADER ->
            headers.put(
                field.locationName(),
                value instanceof Instant t ? Timestamps.rfc822(t) : String.valueOf(value));
        case PAYLOAD -> {
          if (field.containsTrait(PayloadTrait.class)) {
            body =
                switch (value) {
                  case SdkBytes b -> b.asByteArray();
                  case String s -> s.getBytes(StandardCharsets.UTF_8);
                  case SdkPojo p -> AwsJsonCodec.encode(p);
                  default -> String.valueOf(value).getBytes(StandardCharsets.UTF_8);
                };
          }
        }
        default -> {}
      }
    }
    if (body == null) {
      body = AwsJsonCodec.encode(response);
    }
    WireResponse out = WireResponse.of(status, contentType, body);
    out.headers().putAll(headers);
    return out;
  }

  @Override
  public WireResponse error(ServiceDescriptor service, AwsServiceException e) {
    String code = AwsErrors.codeOf(e);
    var body = Json.MAPPER.createObjectNode();
    body.put("Type", AwsErrors.statusOf(e) >= 500 ? "Service" : "User");
    body.put("message", AwsErrors.messageOf(e));
    WireResponse response =
        WireResponse.of(
            AwsErrors.statusOf(e),
            "application/json",
            body.toString().getBytes(StandardCharsets.UTF_8));
    response.headers().put("x-amzn-ErrorType", code);
    return response;
  }
}
