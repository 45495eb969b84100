package dev.slipway.localcloud.iam;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.protocol.AwsProtocol;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** AWS's access denied message and error, per service protocol. */
public final class AccessDenied {
  private AccessDenied() {}

  /**
   * AWS's message: {@code User: <principal> is not authorized to perform: <action> on resource:
   * <resource> because no identity-based policy allows the <action> action}, or {@code … with an
   * explicit deny in an identity-based policy}.
   */
  public static String message(String principal, AuthorizationRequest request, Decision decision) {
    String head =
        "User: "
            + principal
            + " is not authorized to perform: "
            + request.action()
            + " on resource: "
            + request.resource();
    return decision.outcome() == Decision.Outcome.EXPLICIT_DENY
        ? head + " with an explicit deny in an identity-based policy"
        : head + " because no identity-based policy allows the " + request.action() + " action";
  }

  /**
   * IAM's message for a service principal a resource's policy does not allow: {@code User:
   * events.amazonaws.com is not authorized to perform: lambda:InvokeFunction on resource: <arn>
   * because no resource-based policy allows the lambda:InvokeFunction action}.
   */
  public static String byResourcePolicy(String principal, AuthorizationRequest request) {
    return "User: "
        + principal
        + " is not authorized to perform: "
        + request.action()
        + " on resource: "
        + request.resource()
        + " because no resource-based policy allows the "
        + request.action()
        + " action";
  }

  /**
   * The error the service answers with: {@code AccessDeniedException} (HTTP 400; Lambda 403) for
   * the JSON protocols, {@code AuthorizationError} (SNS) or {@code AccessDenied} (ELBv2, CloudWatch
   * on each of its protocols) with HTTP 403 for the query and CBOR protocols.
   */
  public static AwsServiceException error(ServiceDescriptor service, String message) {
    if (service.protocol() == AwsProtocol.AWS_QUERY
        || service.protocol() == AwsProtocol.RPC_V2_CBOR
        || service.signingName().equals("monitoring")) {
      String code = service.signingName().equals("sns") ? "AuthorizationError" : "AccessDenied";
      return AwsErrors.generic(403, code, message);
    }
    int status = service.protocol() == AwsProtocol.REST_JSON ? 403 : 400;
    return AwsErrors.generic(status, "AccessDeniedException", message);
  }
}
