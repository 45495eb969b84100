package dev.slipway.localcloud.protocol;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Builds the SDK's modeled exceptions the way AWS reports them, so a service implementation can
 * write {@code throw AwsErrors.of(ResourceNotFoundException.builder(), 400,
 * "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")}.
 */
public final class AwsErrors {
  private AwsErrors() {}

  /** A modeled exception with AWS's error code, HTTP status and message. */
  @SuppressWarnings("unchecked")
  public static <T extends AwsServiceException> T of(
      AwsServiceException.Builder builder, int status, String code, String message) {
    return (T)
        builder
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .statusCode(status)
            .message(message)
            .build();
  }

  /** An unmodeled error (generic AwsServiceException) with the given code and status. */
  public static AwsServiceException generic(int status, String code, String message) {
    return of(AwsServiceException.builder(), status, code, message);
  }

  /**
   * Checks a required request member. The SDK's model classes do not carry {@code @required}, so
   * each operation checks what it needs; the message is AWS's, and the code becomes the service's
   * own validation code ({@code ValidationException}, {@code InvalidParameter}, …).
   */
  public static <T> T required(T value, String member) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      throw generic(
          400,
          VALIDATION,
          "1 validation error detected: Value null at '"
              + member
              + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  /** The placeholder code of {@link #required}; the dispatcher replaces it per service. */
  static final String VALIDATION = "ValidationException";

  /** The error code of an exception: its details' code, else its class name (as AWS names it). */
  public static String codeOf(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    if (details != null && details.errorCode() != null) {
      return details.errorCode();
    }
    String simple = e.getClass().getSimpleName();
    return simple.equals("AwsServiceException") ? "InternalFailure" : simple;
  }

  /** The message of an exception without the SDK's "(Service: …, Status Code: …)" suffix. */
  public static String messageOf(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    if (details != null && details.errorMessage() != null) {
      return details.errorMessage();
    }
    String message = e.getMessage();
    if (message == null) {
      return "";
    }
    int suffix = message.indexOf(" (Service: ");
    return suffix < 0 ? message : message.substring(0, suffix);
  }

  /** The HTTP status of an exception; 400 when the service did not set one. */
  public static int statusOf(AwsServiceException e) {
    int status = e.statusCode();
    return status >= 400 ? status : 400;
  }
}
