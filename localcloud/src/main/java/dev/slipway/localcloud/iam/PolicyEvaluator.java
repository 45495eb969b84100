package dev.slipway.localcloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * IAM's evaluation logic for the identity policies of one principal in one account: an explicit
 * Deny in any statement wins; otherwise an Allow lets the request through; otherwise it is denied
 * implicitly. A statement applies when its {@code Action} (or {@code NotAction}) and {@code
 * Resource} (or {@code NotResource}) match and its {@code Condition} holds. Actions compare
 * case-insensitively with {@code *} and {@code ?}; resources compare as ARNs, case-sensitively.
 */
public final class PolicyEvaluator {
  private PolicyEvaluator() {}

  /** Evaluates {@code request} against every statement of {@code policies}. */
  public static Decision evaluate(List<Policy> policies, AuthorizationRequest request) {
    Decision allow = null;
    for (Policy policy : policies) {
      List<JsonNode> statements = statements(policy.document());
      for (int i = 0; i < statements.size(); i++) {
        JsonNode s = statements.get(i);
        if (!applies(s, request)) {
          continue;
        }
        String sid = s.hasNonNull("Sid") ? s.get("Sid").asText() : "#" + i;
        String effect = s.path("Effect").asText();
        if (effect.equals("Deny")) {
          return new Decision(Decision.Outcome.EXPLICIT_DENY, policy.name(), sid);
        }
        if (effect.equals("Allow") && allow == null) {
          allow = new Decision(Decision.Outcome.ALLOWED, policy.name(), sid);
        }
      }
    }
    return allow != null ? allow : Decision.IMPLICIT;
  }

  /** True when a statement's action, resource and condition all match the request. */
  static boolean applies(JsonNode statement, AuthorizationRequest request) {
    boolean action =
        statement.has("NotAction")
            ? !anyAction(statement.get("NotAction"), request.action())
            : anyAction(statement.path("Action"), request.action());
    if (!action) {
      return false;
    }
    boolean resource =
        statement.has("NotResource")
            ? !anyResource(statement.get("NotResource"), request.resource())
            : anyResource(statement.path("Resource"), request.resource());
    return resource && Conditions.hold(statement.get("Condition"), request);
  }

  private static boolean anyAction(JsonNode patterns, String action) {
    for (String p : texts(patterns)) {
      if (Wildcards.matches(p, action, true)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyResource(JsonNode patterns, String resource) {
    for (String p : texts(patterns)) {
      if (p.equals("*") || Wildcards.arnMatches(p, resource)) {
        return true;
      }
    }
    return false;
  }

  private static List<JsonNode> statements(JsonNode document) {
    JsonNode s = document.path("Statement");
    List<JsonNode> out = new ArrayList<>();
    if (s.isArray()) {
      s.forEach(out::add);
    } else if (s.isObject()) {
      out.add(s);
    }
    return out;
  }

  private static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }
}
