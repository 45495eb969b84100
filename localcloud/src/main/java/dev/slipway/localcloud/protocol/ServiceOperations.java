package dev.slipway.localcloud.protocol;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/** The operations a service object implements, found by their SDK-typed method signatures. */
public final class ServiceOperations {
  private final Map<String, Operation> byName;

  private ServiceOperations(Map<String, Operation> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * Scans {@code implementation} for public methods {@code XxxResponse xxx(XxxRequest)} whose types
   * extend the SDK's request/response base classes.
   */
  public static ServiceOperations scan(Object implementation) {
    Map<String, Operation> ops = new TreeMap<>();
    for (Method method : implementation.getClass().getMethods()) {
      if (Modifier.isStatic(method.getModifiers())
          || method.getParameterCount() != 1
          || !SdkRequest.class.isAssignableFrom(method.getParameterTypes()[0])
          || !SdkResponse.class.isAssignableFrom(method.getReturnType())
          || !method.getParameterTypes()[0].getSimpleName().endsWith("Request")) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Class<? extends SdkRequest> requestType =
          (Class<? extends SdkRequest>) method.getParameterTypes()[0];
      method.setAccessible(true);
      Operation op = Operation.of(method, implementation, requestType);
      ops.put(op.name(), op);
    }
    if (ops.isEmpty()) {
      throw new IllegalArgumentException(
          implementation.getClass().getName()
              + " has no public method XxxResponse xxx(XxxRequest) with SDK model types");
    }
    return new ServiceOperations(ops);
  }

  /** The operation with this AWS name, or null. */
  public Operation get(String name) {
    return byName.get(name);
  }

  /** The operation taking this request type, or null. */
  public Operation forRequest(Class<?> requestType) {
    for (Operation op : byName.values()) {
      if (op.requestType().equals(requestType)) {
        return op;
      }
    }
    return null;
  }

  /** All operations by AWS name. */
  public Map<String, Operation> all() {
    return byName;
  }
}
