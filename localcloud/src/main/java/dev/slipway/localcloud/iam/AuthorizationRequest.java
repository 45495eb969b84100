package dev.slipway.localcloud.iam;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One action on one resource, as IAM evaluates it: {@code dynamodb:GetItem} on a table ARN, with
 * the request's condition keys ({@code aws:SecureTransport}, {@code iam:PassedToService}, …).
 *
 * @param action {@code service:Operation}
 * @param resource the resource ARN, or {@code *} for actions without a resource type
 * @param context condition key values by key name (keys compare case-insensitively)
 */
public record AuthorizationRequest(
    String action, String resource, Map<String, List<String>> context) {

  /** Copies the context into a case-insensitive map. */
  public AuthorizationRequest {
    TreeMap<String, List<String>> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    context.forEach((k, v) -> ci.put(k, List.copyOf(v)));
    context = ci;
  }

  /** An action on a resource with no condition keys. */
  public static AuthorizationRequest of(String action, String resource) {
    return new AuthorizationRequest(action, resource, Map.of());
  }

  /** This request with one more condition key. */
  public AuthorizationRequest with(String key, String... values) {
    Map<String, List<String>> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    more.putAll(context);
    more.put(key, List.of(values));
    return new AuthorizationRequest(action, resource, more);
  }

  /** The values of a condition key, or null when the request does not carry it. */
  List<String> values(String key) {
    return context.get(key);
  }

  /** The service prefix of the action ({@code dynamodb}). */
  public String service() {
    int colon = action.indexOf(':');
    return (colon < 0 ? action : action.substring(0, colon)).toLowerCase(Locale.ROOT);
  }
}
