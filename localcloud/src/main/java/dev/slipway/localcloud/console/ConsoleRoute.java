package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;
import dev.slipway.localcloud.server.RouteHandler;
import dev.slipway.localcloud.server.ServiceRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The local console under {@code /console}: the page and its assets from the jar, JSON endpoints
 * under {@code /console/api/} read through the service APIs, and the action endpoints. Actions need
 * the per-start token the page carries (a page of another origin cannot read it), a {@code Host} of
 * 127.0.0.1 or localhost (the server listens on loopback only; the host check stops DNS rebinding),
 * a same-origin {@code Origin} when the browser sends one, and {@code confirmed: true} (the page
 * asks first).
 */
public final class ConsoleRoute implements RouteHandler {
  /** Where the console lives on the local endpoint. */
  public static final String PREFIX = "/console";

  private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9-]*\\.(js|css|svg)");
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private final ServiceRegistry services;
  private final InstantSource clock;
  private final String csrfToken;
  private final ExecutionsView executions;
  private final ConsoleActions actions;
  private final Path denialLog;

  /** A console over the services registered on the local endpoint, with no IAM denial log. */
  public ConsoleRoute(ServiceRegistry services, InstantSource clock) {
    this(services, clock, null);
  }

  /**
   * A console over the services registered on the local endpoint that also shows the IAM denials
   * {@code denialLog} holds.
   */
  public ConsoleRoute(ServiceRegistry services, InstantSource clock, Path denialLog) {
    this.denialLog = denialLog;
    this.services = services;
    this.clock = clock;
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    this.csrfToken = HexFormat.of().formatHex(random);
    this.executions = new ExecutionsView(services, clock);
    this.actions = new ConsoleActions(services, clock);
  }

  @Override
  public WireResponse handle(WireRequest request) throws Exception {
    String path = request.path().substring(PREFIX.length());
    if (!hostIsLocal(request.header("Host"))) {
      return error(403, "the console answers only on 127.0.0.1 or localhost");
    }
    if (path.isEmpty() || path.equals("/")) {
      return page();
    }
    if (path.startsWith("/static/")) {
      return asset(path.substring("/static/".length()));
    }
    try {
      return switch (request.method() + " " + path) {
        case "GET /api/state-machines" -> json(executions.stateMachines());
        case "GET /api/executions" -> {
          Map<String, String> q = request.queryParameters();
          yield json(executions.executions(required(q, "stateMachineArn"), q.get("status")));
        }
        case "GET /api/execution" ->
            json(executions.execution(required(request.queryParameters(), "arn")));
        case "GET /api/deployments" -> json(deployments());
        case "GET /api/denials" -> json(DenialsView.of(denialLog));
        case "POST /api/approve", "POST /api/rollback" -> action(path, request);
        default ->
            error(404, "no console page or endpoint at " + request.method() + " " + request.path());
      };
    } catch (IllegalArgumentException e) {
      return error(400, e.getMessage());
    } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
      return error(
          e.statusCode() == 0 ? 400 : e.statusCode(),
          e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
    }
  }

  private ObjectNode deployments() {
    DeploymentHistoryReader.History history =
        DeploymentHistoryReader.read(
            new DeploymentHistoryReader.Dynamo(services::call, services::call));
    ObjectNode out = DeploymentsView.of(history, clock);
    out.set("traffic", TrafficView.of(services));
    return out;
  }

  private WireResponse action(String path, WireRequest request) throws Exception {
    String token = request.header("X-Slipway-Console-Token");
    if (token == null
        || !MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8), csrfToken.getBytes(StandardCharsets.UTF_8))) {
      return error(403, "missing or wrong console token: reload the console page and try again");
    }
    String origin = request.header("Origin");
    if (origin != null && !hostIsLocal(origin.replaceFirst("^http://", ""))) {
      return error(403, "actions are accepted only from the console's own page, not " + origin);
    }
    JsonNode body = Json.MAPPER.readTree(request.bodyText().isBlank() ? "{}" : request.bodyText());
    if (!body.path("confirmed").asBoolean(false)) {
      return error(400, "the action was not confirmed: send confirmed=true after asking the user");
    }
    String message =
        path.equals("/api/approve")
            ? actions.decide(
                required(body, "executionArn"),
                body.path("approve").asBoolean(false),
                body.path("comment").asText(null))
            : actions.rollback(
                required(body, "service"),
                required(body, "environment"),
                required(body, "sha"),
                body.path("reason").asText(null));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("message", message);
    return json(out);
  }

  /** Host (or origin without scheme) is 127.0.0.1 or localhost, any port. */
  static boolean hostIsLocal(String host) {
    if (host == null) {
      return false;
    }
    String name = host.replaceFirst(":\\d+$", "");
    return name.equals("127.0.0.1") || name.equals("localhost");
  }

  private WireResponse page() throws IOException {
    String html = new String(resource("index.html"), StandardCharsets.UTF_8);
    WireResponse r =
        WireResponse.of(
            200,
            "text/html; charset=utf-8",
            html.replace("{{CSRF_TOKEN}}", csrfToken).getBytes(StandardCharsets.UTF_8));
    securityHeaders(r);
    return r;
  }

  private WireResponse asset(String name) throws IOException {
    if (!ASSET.matcher(name).matches()) {
      return error(404, "no console asset " + name);
    }
    byte[] body = resource(name);
    if (body == null) {
      return error(404, "no console asset " + name);
    }
    WireResponse r =
        WireResponse.of(200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), body);
    securityHeaders(r);
    return r;
  }

  private static void securityHeaders(WireResponse r) {
    // everything comes from this origin: no CDN, and no inline script for an injection to use
    r.headers()
        .put(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
    r.headers().put("X-Content-Type-Options", "nosniff");
    r.headers().put("Cache-Control", "no-store");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ConsoleRoute.class.getResourceAsStream("/console/" + name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static String required(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("query parameter " + name + " is required");
    }
    return v;
  }

  private static String required(JsonNode body, String name) {
    String v = body.path(name).asText("");
    if (v.isBlank()) {
      throw new IllegalArgumentException("field " + name + " is required in the request body");
    }
    return v;
  }

  private static WireResponse json(JsonNode node) {
    WireResponse r =
        WireResponse.of(200, "application/json", node.toString().getBytes(StandardCharsets.UTF_8));
    r.headers().put("Cache-Control", "no-store");
    return r;
  }

  private static WireResponse error(int status, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("error", message);
    return WireResponse.of(
        status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
