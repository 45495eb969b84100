package dev.slipway.localcloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functions' resource-based policies: each {@code AWS::Lambda::Permission} of the template is
 * one statement on the function, alias or version it names, as Lambda's AddPermission writes it
 * ({@code Principal}, {@code Action}, {@code Resource}, and {@code AWS:SourceArn}, {@code
 * AWS:SourceAccount}, {@code lambda:FunctionUrlAuthType}, {@code lambda:InvokedViaFunctionUrl}
 * conditions). Also the template's functions and their URLs' {@code AuthType}: only they are
 * evaluated, functions deployed otherwise (tests) have no policy to evaluate.
 */
public final class FunctionPolicies {
  private final Map<String, Map<String, JsonNode>> statements = new ConcurrentHashMap<>();
  private final Set<String> templateFunctions = ConcurrentHashMap.newKeySet();
  private final Map<String, String> urlAuthTypes = new ConcurrentHashMap<>();

  /** The full ARN of a function name, ARN or partial ARN, keeping its qualifier. */
  static String functionArn(String nameOrArn) {
    if (nameOrArn.startsWith("arn:")) {
      return nameOrArn;
    }
    return LocalAws.arn(
        "lambda", nameOrArn.startsWith("function:") ? nameOrArn : "function:" + nameOrArn);
  }

  /** The function's name without its qualifier, from a name or ARN. */
  static String functionName(String nameOrArn) {
    String arn = functionArn(nameOrArn);
    String rest = arn.substring(arn.indexOf(":function:") + ":function:".length());
    int colon = rest.indexOf(':');
    return colon < 0 ? rest : rest.substring(0, colon);
  }

  /** Records a function the template defines. */
  public void templateFunction(String name) {
    templateFunctions.add(name);
  }

  /** Records the {@code AuthType} of a template function URL targeting {@code functionArn}. */
  public void functionUrl(String functionArn, String authType) {
    urlAuthTypes.put(functionArn(functionArn), authType);
  }

  /** The {@code AuthType} of the URL serving {@code functionArn}, if the template gave it one. */
  public Optional<String> urlAuthType(String functionArn) {
    return Optional.ofNullable(urlAuthTypes.get(functionArn(functionArn)));
  }

  /** True when the template defines the function (whatever the qualifier). */
  public boolean governs(String functionNameOrArn) {
    return templateFunctions.contains(functionName(functionNameOrArn));
  }

  /**
   * Adds (or replaces, on redeploy) the statement of one {@code AWS::Lambda::Permission}.
   *
   * @param sid the statement id (the permission's logical id)
   * @param p the permission's resolved properties
   */
  public void permission(String sid, JsonNode p) {
    String resource = functionArn(p.path("FunctionName").asText());
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("Sid", sid);
    s.put("Effect", "Allow");
    String principal = p.path("Principal").asText();
    if (principal.equals("*")) {
      s.put("Principal", "*");
    } else if (principal.endsWith(".amazonaws.com")) {
      s.putObject("Principal").put("Service", principal);
    } else {
      s.putObject("Principal")
          .put(
              "AWS",
              principal.matches("\\d{12}") ? "arn:aws:iam::" + principal + ":root" : principal);
    }
    s.put("Action", p.path("Action").asText());
    s.put("Resource", resource);
    ObjectNode condition = Json.MAPPER.createObjectNode();
    if (p.hasNonNull("SourceArn")) {
      condition.putObject("ArnLike").put("AWS:SourceArn", p.get("SourceArn").asText());
    }
    ObjectNode equals = Json.MAPPER.createObjectNode();
    if (p.hasNonNull("SourceAccount")) {
      equals.put("AWS:SourceAccount", p.get("SourceAccount").asText());
    }
    if (p.hasNonNull("FunctionUrlAuthType")) {
      equals.put("lambda:FunctionUrlAuthType", p.get("FunctionUrlAuthType").asText());
    }
    if (!equals.isEmpty()) {
      condition.set("StringEquals", equals);
    }
    if (p.path("InvokedViaFunctionUrl").asBoolean(false)) {
      condition.putObject("Bool").put("lambda:InvokedViaFunctionUrl", "true");
    }
    if (!condition.isEmpty()) {
      s.set("Condition", condition);
    }
    statements.values().forEach(m -> m.remove(sid));
    statements.computeIfAbsent(resource, r -> new ConcurrentHashMap<>()).put(sid, s);
  }

  /** The policy of exactly this function, alias or version ARN (Lambda keeps one per qualifier). */
  public Policy policyOf(String qualifiedArn) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode list = doc.putArray("Statement");
    statements.getOrDefault(functionArn(qualifiedArn), Map.of()).values().forEach(list::add);
    return new Policy(functionName(qualifiedArn) + " resource-based policy", doc);
  }

  /**
   * Evaluates a call by {@code principal} ({@code events.amazonaws.com}, or {@code *} for an
   * anonymous caller) against the policy of the called function: an explicit Deny wins, then an
   * Allow whose {@code Principal} names the caller, else an implicit deny.
   */
  public Decision evaluate(String principal, AuthorizationRequest request) {
    Policy policy = policyOf(request.resource());
    List<JsonNode> forCaller = new ArrayList<>();
    policy
        .document()
        .path("Statement")
        .forEach(
            s -> {
              if (names(s.path("Principal"), principal)) {
                forCaller.add(s);
              }
            });
    ObjectNode doc = Json.MAPPER.createObjectNode();
    ArrayNode list = doc.putArray("Statement");
    forCaller.forEach(list::add);
    return PolicyEvaluator.evaluate(List.of(new Policy(policy.name(), doc)), request);
  }

  private static boolean names(JsonNode principal, String caller) {
    if (principal.isTextual()) {
      return principal.asText().equals("*");
    }
    return texts(principal.path("AWS")).contains("*")
        || texts(principal.path("Service")).contains(caller);
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (!node.isMissingNode() && !node.isNull()) {
      out.add(node.asText());
    }
    return out;
  }
}
