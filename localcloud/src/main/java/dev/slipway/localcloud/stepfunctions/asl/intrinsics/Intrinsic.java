package dev.slipway.localcloud.stepfunctions.asl.intrinsics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A parsed intrinsic function expression such as {@code States.Format('{}', $.a)}. Arguments are
 * literals, paths (resolved by the caller) or nested calls.
 */
public sealed interface Intrinsic {
  /** Evaluates with {@code paths} resolving {@code $...}/{@code $$...}/{@code $var} references. */
  Object evaluate(Function<String, Object> paths);

  /** Stand-in for an escaped {@code \\{} inside a string literal. */
  char OPEN_BRACE = '\uE000';

  /** Stand-in for an escaped {@code \\}} inside a string literal. */
  char CLOSE_BRACE = '\uE001';

  /** True when {@code text} looks like an intrinsic call (a States.* name then a parenthesis). */
  static boolean looksLike(String text) {
    return text.startsWith("States.") && text.contains("(");
  }

  /** Parses an intrinsic call; throws {@link IntrinsicException} on a syntax error. */
  static Intrinsic parse(String text) {
    IntrinsicParser p = new IntrinsicParser(text);
    Intrinsic call = p.call();
    p.end();
    return call;
  }

  /** A literal argument. */
  record Literal(Object value) implements Intrinsic {
    @Override
    public Object evaluate(Function<String, Object> paths) {
      return value instanceof String str
          ? str.replace(OPEN_BRACE, '{').replace(CLOSE_BRACE, '}')
          : value;
    }
  }

  /** A path argument. */
  record Path(String path) implements Intrinsic {
    @Override
    public Object evaluate(Function<String, Object> paths) {
      return paths.apply(path);
    }
  }

  /** A function call. */
  record Call(String name, List<Intrinsic> args) implements Intrinsic {
    @Override
    public Object evaluate(Function<String, Object> paths) {
      List<Object> values = new ArrayList<>(args.size());
      for (int i = 0; i < args.size(); i++) {
        Intrinsic a = args.get(i);
        boolean template = i == 0 && name.equals("States.Format") && a instanceof Literal;
        values.add(template ? ((Literal) a).value() : a.evaluate(paths));
      }
      return IntrinsicFunctions.call(name, values);
    }
  }
}
