package dev.slipway.localcloud.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.protocols.core.OperationInfo;

/**
 * One API operation of a service implementation: a public method {@code XxxResponse
 * xxx(XxxRequest)} taking and returning the SDK's model types.
 *
 * @param name the AWS operation name ({@code GetSecretValue})
 * @param method the implementing method
 * @param target the service object the method is called on
 * @param requestType the SDK request class
 * @param http the SDK's HTTP binding (URI template, method) — used by REST protocols
 */
public record Operation(
    String name,
    Method method,
    Object target,
    Class<? extends SdkRequest> requestType,
    OperationInfo http) {

  /** Creates the operation for a method, reading the SDK's HTTP binding for its request type. */
  static Operation of(Method method, Object target, Class<? extends SdkRequest> requestType) {
    String simple = requestType.getSimpleName();
    String name = simple.substring(0, simple.length() - "Request".length());
    return new Operation(name, method, target, requestType, httpBinding(requestType));
  }

  /** A fresh builder of the request type; it is an {@link SdkPojo}, ready for field setters. */
  public SdkPojo newRequestBuilder() {
    try {
      return (SdkPojo) requestType.getMethod("builder").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("SDK request type without builder(): " + requestType, e);
    }
  }

  /**
   * Calls the implementation; its exceptions (AwsServiceException, bugs) pass through unwrapped.
   */
  public SdkResponse invoke(SdkRequest request) {
    try {
      return (SdkResponse) method.invoke(target, request);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(name + " failed: " + cause, cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("operation method is not accessible: " + method, e);
    }
  }

  /**
   * The SDK keeps each operation's HTTP binding in its generated marshaller ({@code
   * …transform.XxxRequestMarshaller.SDK_OPERATION_BINDING}); REST routing reads it from there so
   * the URI templates are exactly the SDK's.
   */
  private static OperationInfo httpBinding(Class<?> requestType) {
    String marshaller =
        requestType.getPackageName().replaceFirst("\\.model$", ".transform")
            + "."
            + requestType.getSimpleName()
            + "Marshaller";
    try {
      Field field = Class.forName(marshaller).getDeclaredField("SDK_OPERATION_BINDING");
      field.setAccessible(true);
      return (OperationInfo) field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
