package dev.slipway.localcloud.server;

import dev.slipway.localcloud.protocol.AwsProtocol;
import dev.slipway.localcloud.protocol.ProtocolDispatcher;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.protocol.WireRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the service a request is for, the way an AWS endpoint would know it from the host name:
 * here from the protocol's own markers — the RPC v2 path, the {@code X-Amz-Target} prefix, the
 * SigV4 credential scope's service name, or a REST URI template.
 */
final class Router {
  private static final Pattern SIGV4_SERVICE =
      Pattern.compile("Credential=[^/,]+/[^/,]+/[^/,]+/([^/,]+)/aws4_request");
  private static final Pattern RPC_V2_PATH = Pattern.compile("^/service/([^/]+)/operation/[^/]+$");

  private final ServiceRegistry registry;

  Router(ServiceRegistry registry) {
    this.registry = registry;
  }

  /** The target service, or null when nothing matches. */
  ServiceDescriptor route(WireRequest request) {
    List<ServiceDescriptor> services = registry.services();
    Matcher rpc = RPC_V2_PATH.matcher(request.path());
    if (rpc.matches() || "rpc-v2-cbor".equals(request.header("smithy-protocol"))) {
      String name = rpc.matches() ? rpc.group(1) : "";
      return find(services, AwsProtocol.RPC_V2_CBOR, name);
    }
    String target = request.header("X-Amz-Target");
    if (target != null) {
      String prefix = target.contains(".") ? target.substring(0, target.indexOf('.')) : target;
      ServiceDescriptor json = find(services, AwsProtocol.AWS_JSON_1_0, prefix);
      return json != null ? json : find(services, AwsProtocol.AWS_JSON_1_1, prefix);
    }
    String signing = signingName(request);
    ServiceDescriptor signed = signing == null ? null : registry.bySigningName(signing);
    if (signed != null) {
      // a form-encoded request is the query protocol, which some services speak beside another
      ServiceDescriptor query = isForm(request) ? signed.on(AwsProtocol.AWS_QUERY) : null;
      return query != null ? query : signed;
    }
    if (isForm(request)) {
      // unsigned query request: the only query service that knows the action
      String action = WireRequest.parseForm(request.bodyText()).get("Action");
      for (ServiceDescriptor s : services) {
        ServiceDescriptor query = s.on(AwsProtocol.AWS_QUERY);
        if (query != null && action != null && query.operations().get(action) != null) {
          return query;
        }
      }
    }
    for (ServiceDescriptor s : services) {
      if (s.protocol() == AwsProtocol.REST_JSON && ProtocolDispatcher.matchesRest(s, request)) {
        return s;
      }
    }
    return null;
  }

  /** The service name of the SigV4 credential scope in the Authorization header, or null. */
  static String signingName(WireRequest request) {
    String auth = request.header("Authorization");
    if (auth == null) {
      return null;
    }
    Matcher m = SIGV4_SERVICE.matcher(auth);
    return m.find() ? m.group(1) : null;
  }

  private static boolean isForm(WireRequest request) {
    String contentType = request.header("Content-Type");
    return contentType != null && contentType.startsWith("application/x-www-form-urlencoded");
  }

  private static ServiceDescriptor find(
      List<ServiceDescriptor> services, AwsProtocol protocol, String target) {
    for (ServiceDescriptor s : services) {
      ServiceDescriptor spoken = s.on(protocol);
      if (spoken != null && target.equals(spoken.target())) {
        return spoken;
      }
    }
    return null;
  }
}
