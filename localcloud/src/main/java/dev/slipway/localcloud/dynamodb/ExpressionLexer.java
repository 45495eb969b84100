package dev.slipway.localcloud.dynamodb;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a DynamoDB expression into tokens: names, {@code #name}, {@code :value}, numbers, symbols.
 */
final class ExpressionLexer {
  enum Kind {
    NAME,
    NAME_REF,
    VALUE_REF,
    NUMBER,
    SYMBOL,
    END
  }

  record Token(Kind kind, String text, int position) {
    boolean is(String symbolOrKeyword) {
      return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equalsIgnoreCase(symbolOrKeyword);
    }
  }

  private ExpressionLexer() {}

  static List<Token> tokenize(String expression) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = expression.length();
    while (i < n) {
      char c = expression.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#' || c == ':' || Character.isLetter(c) || c == '_') {
        int start = i++;
        while (i < n
            && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_')) {
          i++;
        }
        String text = expression.substring(start, i);
        if ((c == '#' || c == ':') && text.length() == 1) {
          throw DynamoErrors.syntax(expression, "a name must follow '" + c + "'", start);
        }
        Kind kind = c == '#' ? Kind.NAME_REF : c == ':' ? Kind.VALUE_REF : Kind.NAME;
        tokens.add(new Token(kind, text, start));
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < n && Character.isDigit(expression.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, expression.substring(start, i), start));
      } else if (c == '<' || c == '>') {
        int start = i++;
        if (i < n && (expression.charAt(i) == '=' || (c == '<' && expression.charAt(i) == '>'))) {
          i++;
        }
        tokens.add(new Token(Kind.SYMBOL, expression.substring(start, i), start));
      } else if ("()[],.=+-".indexOf(c) >= 0) {
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i++));
      } else {
        throw DynamoErrors.syntax(expression, "unexpected character '" + c + "'", i);
      }
    }
    tokens.add(new Token(Kind.END, "<EOF>", n));
    return tokens;
  }
}
