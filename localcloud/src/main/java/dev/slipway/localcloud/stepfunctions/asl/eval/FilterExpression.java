package dev.slipway.localcloud.stepfunctions.asl.eval;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A JSONPath filter predicate: comparisons ({@code == != < <= > >= =~}) between {@code @...},
 * {@code $...} and literals, combined with {@code && || !} and parentheses; a bare path tests
 * existence.
 */
final class FilterExpression {
  private final String source;
  private final String path;

  FilterExpression(String source, String path) {
    this.source = source;
    this.path = path;
  }

  boolean test(Object item, Object root) {
    return new Cursor(source, item, root, path).orExpr();
  }

  /** Recursive-descent evaluation over the expression text. */
  private static final class Cursor {
    private final String s;
    private final Object item;
    private final Object root;
    private final String path;
    private int pos;

    Cursor(String s, Object item, Object root, String path) {
      this.s = s;
      this.item = item;
      this.root = root;
      this.path = path;
    }

    boolean orExpr() {
      boolean v = andExpr();
      while (skip("||")) {
        v = andExpr() | v;
      }
      return v;
    }

    boolean andExpr() {
      boolean v = unary();
      while (skip("&&")) {
        v = unary() & v;
      }
      return v;
    }

    boolean unary() {
      if (skip("!")) {
        return !unary();
      }
      if (skip("(")) {
        boolean v = orExpr();
        skip(")");
        return v;
      }
      Object[] left = operand();
      for (String op : List.of("==", "!=", "<=", ">=", "=~", "<", ">")) {
        if (skip(op)) {
          Object[] right = op.equals("=~") ? new Object[] {regex(), true} : operand();
          return compare(left, op, right);
        }
      }
      return left[1] == Boolean.TRUE && left[0] != null && !Boolean.FALSE.equals(left[0]);
    }

    private boolean compare(Object[] l, String op, Object[] r) {
      if (l[1] != Boolean.TRUE || r[1] != Boolean.TRUE) {
        return op.equals("!=");
      }
      if (op.equals("=~")) {
        return l[0] instanceof String str && ((Pattern) r[0]).matcher(str).matches();
      }
      int c = Segment.compare(l[0], r[0]);
      return switch (op) {
        case "==" -> c == 0;
        case "!=" -> c != 0;
        case "<" -> c != Integer.MIN_VALUE && c < 0;
        case "<=" -> c != Integer.MIN_VALUE && c <= 0;
        case ">" -> c != Integer.MIN_VALUE && c > 0;
        default -> c != Integer.MIN_VALUE && c >= 0;
      };
    }

    /** Returns {value, present}. */
    private Object[] operand() {
      ws();
      char c = s.charAt(pos);
      if (c == '@' || c == '$') {
        int start = pos;
        while (pos < s.length() && " =!<>&|)".indexOf(s.charAt(pos)) < 0) {
          pos++;
        }
        String p = "$" + s.substring(start + 1, pos);
        JsonPath jp = JsonPath.compile(p);
        Object base = c == '@' ? item : root;
        try {
          return new Object[] {jp.read(base), true};
        } catch (PathNotFoundException e) {
          return new Object[] {null, false};
        }
      }
      if (c == '\'' || c == '"') {
        int end = s.indexOf(c, pos + 1);
        String lit = s.substring(pos + 1, end);
        pos = end + 1;
        return new Object[] {lit, true};
      }
      int start = pos;
      while (pos < s.length() && " =!<>&|)".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      String lit = s.substring(start, pos);
      try {
        return new Object[] {Json.parse(lit), true};
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid filter literal '" + lit + "' in " + path, e);
      }
    }

    private Pattern regex() {
      ws();
      int end = s.lastIndexOf('/');
      String body = s.substring(pos + 1, end);
      pos = end + 1;
      if (pos < s.length() && s.charAt(pos) == 'i') {
        pos++;
        return Pattern.compile(body, Pattern.CASE_INSENSITIVE);
      }
      return Pattern.compile(body);
    }

    private boolean skip(String token) {
      ws();
      if (s.startsWith(token, pos)) {
        pos += token.length();
        return true;
      }
      return false;
    }

    private void ws() {
      while (pos < s.length() && s.charAt(pos) == ' ') {
        pos++;
      }
    }
  }
}
