package dev.slipway.localcloud.stepfunctions.asl.intrinsics;

import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser for intrinsic function expressions. */
final class IntrinsicParser {
  private final String s;
  private int pos;

  IntrinsicParser(String s) {
    this.s = s;
  }

  Intrinsic.Call call() {
    ws();
    int start = pos;
    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
      pos++;
    }
    String name = s.substring(start, pos);
    ws();
    expect('(');
    List<Intrinsic> args = new ArrayList<>();
    ws();
    if (peek() == ')') {
      pos++;
      return new Intrinsic.Call(name, args);
    }
    while (true) {
      args.add(arg());
      ws();
      char c = next();
      if (c == ')') {
        return new Intrinsic.Call(name, args);
      }
      if (c != ',') {
        throw error("expected ',' or ')' at position " + (pos - 1));
      }
    }
  }

  void end() {
    ws();
    if (pos != s.length()) {
      throw error("unexpected text after the closing parenthesis");
    }
  }

  private Intrinsic arg() {
    ws();
    char c = peek();
    if (c == '\'') {
      return new Intrinsic.Literal(string());
    }
    if (c == '$') {
      return new Intrinsic.Path(path());
    }
    if (s.startsWith("States.", pos)) {
      return call();
    }
    int start = pos;
    while (pos < s.length() && ",) ".indexOf(s.charAt(pos)) < 0) {
      pos++;
    }
    String lit = s.substring(start, pos);
    return switch (lit) {
      case "true" -> new Intrinsic.Literal(true);
      case "false" -> new Intrinsic.Literal(false);
      case "null" -> new Intrinsic.Literal(null);
      default -> new Intrinsic.Literal(number(lit));
    };
  }

  private Number number(String lit) {
    try {
      if (lit.contains(".") || lit.contains("e") || lit.contains("E")) {
        return Double.parseDouble(lit);
      }
      return Long.parseLong(lit);
    } catch (NumberFormatException e) {
      throw error("unexpected argument '" + lit + "'");
    }
  }

  private String string() {
    pos++;
    StringBuilder b = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '\\' && pos < s.length()) {
        char e = s.charAt(pos++);
        b.append(
            switch (e) {
              case 'n' -> '\n';
              // escaped braces stay distinguishable from States.Format placeholders
              case '{' -> Intrinsic.OPEN_BRACE;
              case '}' -> Intrinsic.CLOSE_BRACE;
              default -> e;
            });
      } else if (c == '\'') {
        return b.toString();
      } else {
        b.append(c);
      }
    }
    throw error("unterminated string");
  }

  private String path() {
    int start = pos;
    int depth = 0;
    char quote = 0;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(') {
        depth++;
      } else if (c == ']' || (c == ')' && depth > 0)) {
        depth--;
      } else if (depth == 0 && (c == ',' || c == ')' || c == ' ')) {
        break;
      }
      pos++;
    }
    return s.substring(start, pos);
  }

  private void ws() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw error("expected '" + c + "' at position " + pos);
    }
    pos++;
  }

  private IntrinsicException error(String what) {
    return new IntrinsicException("Invalid intrinsic function '" + s + "': " + what);
  }
}
