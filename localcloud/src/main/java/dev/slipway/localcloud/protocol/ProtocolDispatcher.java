package dev.slipway.localcloud.protocol;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Answers one HTTP request for a registered service: decodes it with the service's protocol, calls
 * the implementation, encodes the response — or AWS's error shape for that protocol.
 */
public final class ProtocolDispatcher {
  private static final Logger LOG = Logger.getLogger(ProtocolDispatcher.class.getName());

  private ProtocolDispatcher() {}

  /** Handles a request already routed to {@code service}. Never throws. */
  public static WireResponse handle(ServiceDescriptor service, WireRequest request) {
    String requestId = UUID.randomUUID().toString();
    WireResponse response;
    try {
      response = codec(service).handle(service, request);
    } catch (AwsServiceException e) {
      response = codec(service).error(service, withServiceValidationCode(service, e));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, service.signingName() + " failed on " + request.path(), e);
      response =
          codec(service)
              .error(
                  service,
                  AwsErrors.generic(
                      500, "InternalFailure", "The request processing has failed: " + e));
    }
    response.headers().put("x-amzn-RequestId", requestId);
    return response;
  }

  private static AwsServiceException withServiceValidationCode(
      ServiceDescriptor service, AwsServiceException e) {
    if (AwsErrors.VALIDATION.equals(AwsErrors.codeOf(e))
        && !AwsErrors.VALIDATION.equals(service.validationErrorCode())) {
      return AwsErrors.generic(
          AwsErrors.statusOf(e), service.validationErrorCode(), AwsErrors.messageOf(e));
    }
    return e;
  }

  /** Encodes an error in the service's protocol, for failures found before dispatch. */
  public static WireResponse error(ServiceDescriptor service, AwsServiceException e) {
    return codec(service).error(service, e);
  }

  /** True when a REST service has an operation for this method and path. */
  public static boolean matchesRest(ServiceDescriptor service, WireRequest request) {
    return service.protocol() == AwsProtocol.REST_JSON && RestJsonCodec.matches(service, request);
  }

  private static ProtocolCodec codec(ServiceDescriptor service) {
    return switch (service.protocol()) {
      case AWS_JSON_1_0, AWS_JSON_1_1 -> AwsJsonCodec.INSTANCE;
      case AWS_QUERY -> QueryCodec.INSTANCE;
      case REST_JSON -> RestJsonCodec.INSTANCE;
      case RPC_V2_CBOR -> CborCodec.INSTANCE;
    };
  }
}
