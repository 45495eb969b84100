package dev.slipway.localcloud.stepfunctions.asl.eval;

import java.util.ArrayList;
import java.util.List;

/** Parses JSONPath text into {@link Segment}s. */
final class JsonPathParser {
  private final String text;
  private int pos;

  JsonPathParser(String text) {
    this.text = text;
  }

  List<Segment> parse() {
    if (text.isEmpty() || text.charAt(0) != '$') {
      throw error("must start with '$'");
    }
    pos = 1;
    List<Segment> out = new ArrayList<>();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '.') {
        if (text.startsWith("..", pos)) {
          pos += 2;
          out.add(new Segment.DeepScan(afterDot()));
        } else {
          pos++;
          out.add(afterDot());
        }
      } else if (c == '[') {
        out.add(bracket());
      } else {
        throw error("unexpected '" + c + "' at position " + pos);
      }
    }
    return out;
  }

  private Segment afterDot() {
    if (pos < text.length() && text.charAt(pos) == '*') {
      pos++;
      return new Segment.Wildcard();
    }
    if (pos < text.length() && text.charAt(pos) == '[') {
      return bracket();
    }
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '[') {
      pos++;
    }
    String name = text.substring(start, pos);
    if (name.isEmpty()) {
      throw error("empty property name at position " + start);
    }
    if (name.equals("length()")) {
      return new Segment.Length();
    }
    return new Segment.Name(name);
  }

  private Segment bracket() {
    int close = findClose(pos);
    String inner = text.substring(pos + 1, close).trim();
    pos = close + 1;
    if (inner.equals("*")) {
      return new Segment.Wildcard();
    }
    if (inner.startsWith("?")) {
      String expr = inner.substring(1).trim();
      if (expr.startsWith("(") && expr.endsWith(")")) {
        expr = expr.substring(1, expr.length() - 1);
      }
      return new Segment.Filter(new FilterExpression(expr, text));
    }
    if (inner.startsWith("'") || inner.startsWith("\"")) {
      List<String> names = new ArrayList<>();
      for (String part : splitTopLevel(inner)) {
        part = part.trim();
        names.add(unquote(part, part.charAt(0)));
      }
      return names.size() == 1 ? new Segment.Name(names.get(0)) : new Segment.Names(names);
    }
    if (inner.contains(":")) {
      String[] parts = inner.split(":", -1);
      return new Segment.Slice(
          intOrNull(parts[0]), intOrNull(parts[1]), parts.length > 2 ? intOrNull(parts[2]) : null);
    }
    List<Integer> idx = new ArrayList<>();
    for (String part : inner.split(",")) {
      try {
        idx.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw error("bad array index '" + part.trim() + "'");
      }
    }
    return new Segment.Index(idx);
  }

  private int findClose(int open) {
    char quote = 0;
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
    }
    throw error("unclosed '['");
  }

  static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    char quote = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ',') {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /** Only an escaped quote of the enclosing kind is unescaped; other backslashes are literal. */
  static String unquote(String s, char quote) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() - 1 && s.charAt(i + 1) == quote) {
        c = s.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }

  private Integer intOrNull(String s) {
    s = s.trim();
    if (s.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw error("bad slice bound '" + s + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("Invalid JSONPath '" + text + "': " + what);
  }
}
