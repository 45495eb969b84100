package dev.slipway.localcloud.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.protocol.InProcessCall;
import dev.slipway.localcloud.protocol.Operation;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/**
 * The registered services, and in-process calls between them: the way one local service calls
 * another's API (EventBridge → StartExecution, Step Functions' {@code aws-sdk:*} tasks) without
 * reaching into its objects.
 */
public final class ServiceRegistry {
  private final List<ServiceDescriptor> services = new CopyOnWriteArrayList<>();

  /** Adds a service; a service with the same signing name is replaced (redeploy). */
  public void register(ServiceDescriptor service) {
    services.removeIf(s -> s.signingName().equals(service.signingName()));
    services.add(service);
  }

  /** All registered services. */
  public List<ServiceDescriptor> services() {
    return List.copyOf(services);
  }

  /** The service with this SigV4 signing name ({@code states}), or null. */
  public ServiceDescriptor bySigningName(String name) {
    return services.stream().filter(s -> s.signingName().equals(name)).findFirst().orElse(null);
  }

  /**
   * The service with this SDK id as Step Functions names it ({@code sfn}, {@code ecs}), or null.
   */
  public ServiceDescriptor bySdkId(String id) {
    String lower = id.toLowerCase(Locale.ROOT);
    return services.stream().filter(s -> s.sdkServiceId().equals(lower)).findFirst().orElse(null);
  }

  /** Calls the service that implements this request type, e.g. a {@code StartExecutionRequest}. */
  @SuppressWarnings("unchecked")
  public <R extends SdkResponse> R call(SdkRequest request) {
    for (ServiceDescriptor s : services) {
      if (s.operations() == null) {
        continue;
      }
      Operation op = s.operations().forRequest(request.getClass());
      if (op != null) {
        return (R) op.invoke(request);
      }
    }
    throw AwsErrors.generic(
        501,
        "NotImplemented",
        request.getClass().getSimpleName() + " is not available in local mode yet");
  }

  /**
   * Calls {@code <sdkId>:<action>} with a JSON input whose member names are the API's ({@code
   * Cluster}, {@code Services}), as Step Functions' AWS SDK integrations pass them; returns the
   * output in the same form. Errors are the service's AwsServiceException.
   */
  public JsonNode callJson(String sdkId, String action, JsonNode input) {
    ServiceDescriptor service = bySdkId(sdkId);
    if (service == null) {
      throw AwsErrors.generic(
          501, "NotImplemented", "Service " + sdkId + " is not available in local mode yet");
    }
    return InProcessCall.callJson(service, action, input);
  }
}
