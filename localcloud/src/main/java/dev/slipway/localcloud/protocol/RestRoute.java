package dev.slipway.localcloud.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An operation's HTTP method and URI template ({@code /2015-03-31/functions/{FunctionName}}). */
record RestRoute(
    Operation operation, String method, List<String> segments, Map<String, String> constantQuery) {

  /** Compiles the SDK's request URI of an operation. */
  static RestRoute of(Operation op) {
    String uri = op.http().requestUri();
    String pathPart = uri;
    Map<String, String> constantQuery = new LinkedHashMap<>();
    int q = uri.indexOf('?');
    if (q >= 0) {
      pathPart = uri.substring(0, q);
      constantQuery.putAll(WireRequest.parseForm(uri.substring(q + 1)));
    }
    return new RestRoute(op, op.http().httpMethod().name(), split(pathPart), constantQuery);
  }

  /** The literal segment count: more literals means a more specific route. */
  int specificity() {
    return (int) segments.stream().filter(s -> !s.startsWith("{")).count();
  }

  /** Matches a request; returns the decoded path labels, or null when it does not match. */
  Map<String, String> match(String method, String rawPath, Map<String, String> query) {
    if (!this.method.equals(method)) {
      return null;
    }
    for (Map.Entry<String, String> c : constantQuery.entrySet()) {
      if (!query.containsKey(c.getKey())
          || (!c.getValue().isEmpty() && !c.getValue().equals(query.get(c.getKey())))) {
        return null;
      }
    }
    List<String> actual = split(rawPath);
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String template = segments.get(i);
      if (template.startsWith("{") && template.endsWith("+}")) {
        if (i >= actual.size()) {
          return null;
        }
        labels.put(
            template.substring(1, template.length() - 2),
            decode(String.join("/", actual.subList(i, actual.size()))));
        return labels;
      }
      if (i >= actual.size()) {
        return null;
      }
      if (template.startsWith("{")) {
        labels.put(template.substring(1, template.length() - 1), decode(actual.get(i)));
      } else if (!template.equals(actual.get(i))) {
        return null;
      }
    }
    return actual.size() == segments.size() ? labels : null;
  }

  private static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
