package dev.slipway.localcloud.elbv2;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/** Listener rule conditions as HAProxy ACL criteria; all of a rule's conditions must match. */
final class RuleConditions {
  private RuleConditions() {}

  static List<String> acls(List<RuleCondition> conditions) {
    var out = new ArrayList<String>();
    for (var c : conditions) {
      out.add(acl(c));
    }
    return out;
  }

  private static String acl(RuleCondition c) {
    var field = c.field() == null ? "" : c.field();
    switch (field) {
      case "path-pattern" -> {
        var values = c.pathPatternConfig() != null ? c.pathPatternConfig().values() : c.values();
        return "path_reg " + patterns(values, "");
      }
      case "host-header" -> {
        var values = c.hostHeaderConfig() != null ? c.hostHeaderConfig().values() : c.values();
        return "hdr(host) -i -m reg " + patterns(values, "(:[0-9]+)?");
      }
      case "http-header" -> {
        // ALB compares the whole value (fhdr: not split at commas as hdr would), case-insensitively
        // with * and ? wildcards; the name matches in any case; no such header: no match
        var h = c.httpHeaderConfig();
        return "req.fhdr(" + token(h.httpHeaderName()) + ") -i -m reg " + patterns(h.values(), "");
      }
      case "http-request-method" -> {
        return "method " + String.join(" ", c.httpRequestMethodConfig().values());
      }
      default ->
          throw Elbv2Errors.invalidConfiguration(
              "Local mode supports path-pattern, host-header, http-header and http-request-method"
                  + " conditions; '"
                  + field
                  + "' is not supported");
    }
  }

  /** ELBv2 wildcards ({@code *}, {@code ?}) as anchored regexes, each quoted for haproxy.cfg. */
  static String patterns(List<String> values, String suffix) {
    if (values == null || values.isEmpty()) {
      throw Elbv2Errors.validation("A rule condition needs at least one value");
    }
    var out = new ArrayList<String>();
    for (var v : values) {
      out.add(HaproxyConfig.quote("^" + wildcardRegex(v) + suffix + "$"));
    }
    return String.join(" ", out);
  }

  /**
   * Literal characters go into a one-character class ({@code [.]}) rather than behind a backslash,
   * which keeps the regex readable in haproxy.cfg.
   */
  static String wildcardRegex(String pattern) {
    var sb = new StringBuilder();
    for (var ch : pattern.toCharArray()) {
      if (ch == '*') {
        sb.append(".*");
      } else if (ch == '?') {
        sb.append('.');
      } else if (Character.isLetterOrDigit(ch)) {
        sb.append(ch);
      } else if (ch == ']' || ch == '^' || ch == '\\' || ch == '"' || ch <= ' ') {
        throw Elbv2Errors.validation(
            "Condition value '"
                + pattern
                + "' contains '"
                + ch
                + "', which local mode cannot match");
      } else {
        sb.append('[').append(ch).append(']');
      }
    }
    return sb.toString();
  }

  private static String token(String s) {
    if (s == null || !s.matches("[A-Za-z0-9_-]+")) {
      throw Elbv2Errors.validation("Invalid HTTP header name '" + s + "'");
    }
    return s;
  }
}
