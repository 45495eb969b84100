package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.dynamodb.Ast.Action;
import dev.slipway.localcloud.dynamodb.Ast.Condition;
import dev.slipway.localcloud.dynamodb.Ast.Operand;
import dev.slipway.localcloud.dynamodb.Ast.Path;
import dev.slipway.localcloud.dynamodb.Ast.SetValue;
import dev.slipway.localcloud.dynamodb.ExpressionLexer.Kind;
import dev.slipway.localcloud.dynamodb.ExpressionLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A recursive-descent parser for DynamoDB's expression grammar (developer guide, "Condition and
 * filter expressions", "Update expressions"): OR binds loosest, then AND, then NOT; comparisons,
 * BETWEEN, IN and the functions; SET/REMOVE/ADD/DELETE clauses.
 */
final class ExpressionParser {
  private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
  private static final Set<String> RESERVED_CHECKED = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");

  private final String source;
  private final List<Token> tokens;
  private final ExpressionContext context;
  private int at;

  private ExpressionParser(String source, ExpressionContext context) {
    this.source = source;
    this.tokens = ExpressionLexer.tokenize(source);
    this.context = context;
  }

  /** Parses a condition (ConditionExpression, FilterExpression, KeyConditionExpression). */
  static Condition condition(String expression, ExpressionContext context) {
    ExpressionParser p = new ExpressionParser(expression, context);
    Condition c = p.or();
    p.expectEnd();
    return c;
  }

  /** Parses a ProjectionExpression. */
  static List<Path> projection(String expression, ExpressionContext context) {
    ExpressionParser p = new ExpressionParser(expression, context);
    List<Path> paths = new ArrayList<>();
    do {
      paths.add(p.path());
    } while (p.accept(","));
    p.expectEnd();
    return paths;
  }

  /** Parses an UpdateExpression. */
  static List<Action> update(String expression, ExpressionContext context) {
    ExpressionParser p = new ExpressionParser(expression, context);
    List<Action> actions = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    while (p.peek().kind() != Kind.END) {
      Token clause = p.next();
      String keyword = clause.text().toUpperCase(java.util.Locale.ROOT);
      if (clause.kind() != Kind.NAME
          || !Set.of("SET", "REMOVE", "ADD", "DELETE").contains(keyword)) {
        throw p.error("expected SET, REMOVE, ADD or DELETE, found '" + clause.text() + "'", clause);
      }
      if (!seen.add(keyword)) {
        throw DynamoErrors.validation(
            "Invalid UpdateExpression: The \""
                + keyword
                + "\" section can only be used once in an update expression;");
      }
      do {
        Path path = p.path();
        actions.add(
            switch (keyword) {
              case "SET" -> {
                p.expect("=");
                yield new Ast.SetAction(path, p.setValue());
              }
              case "REMOVE" -> new Ast.RemoveAction(path);
              case "ADD" -> new Ast.AddAction(path, p.valueRef());
              default -> new Ast.DeleteAction(path, p.valueRef());
            });
      } while (p.accept(","));
    }
    if (actions.isEmpty()) {
      throw DynamoErrors.validation("Invalid UpdateExpression: The expression can not be empty;");
    }
    return actions;
  }

  private Condition or() {
    Condition left = and();
    while (acceptKeyword("OR")) {
      left = new Ast.Or(left, and());
    }
    return left;
  }

  private Condition and() {
    Condition left = not();
    while (acceptKeyword("AND")) {
      left = new Ast.And(left, not());
    }
    return left;
  }

  private Condition not() {
    if (acceptKeyword("NOT")) {
      return new Ast.Not(not());
    }
    return primary();
  }

  private Condition primary() {
    if (accept("(")) {
      Condition inner = or();
      expect(")");
      return inner;
    }
    Token t = peek();
    if (t.kind() == Kind.NAME && tokens.get(at + 1).is("(") && !t.text().equals("size")) {
      String fn = next().text();
      if (!Set.of(
              "attribute_exists",
              "attribute_not_exists",
              "attribute_type",
              "begins_with",
              "contains")
          .contains(fn)) {
        throw error("Invalid function name; function: " + fn, t);
      }
      expect("(");
      List<Operand> args = new ArrayList<>();
      do {
        args.add(operand());
      } while (accept(","));
      expect(")");
      int expected = fn.startsWith("attribute_") && !fn.equals("attribute_type") ? 1 : 2;
      if (args.size() != expected) {
        throw DynamoErrors.validation(
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: "
                + fn
                + ", number of operands: "
                + args.size());
      }
      if (!(args.getFirst() instanceof Ast.PathOperand)) {
        throw DynamoErrors.validation(
            "Invalid ConditionExpression: Operator or function requires a document path; operator or function: "
                + fn);
      }
      return new Ast.Call(fn, args);
    }
    Operand left = operand();
    if (acceptKeyword("BETWEEN")) {
      Operand low = operand();
      if (!acceptKeyword("AND")) {
        throw error("BETWEEN needs AND", peek());
      }
      return new Ast.Between(left, low, operand());
    }
    if (acceptKeyword("IN")) {
      expect("(");
      List<Operand> options = new ArrayList<>();
      do {
        options.add(operand());
      } while (accept(","));
      expect(")");
      return new Ast.In(left, options);
    }
    Token op = next();
    if (op.kind() != Kind.SYMBOL || !COMPARATORS.contains(op.text())) {
      throw error("expected a comparator, found '" + op.text() + "'", op);
    }
    return new Ast.Compare(left, op.text(), operand());
  }

  private Operand operand() {
    Token t = peek();
    if (t.kind() == Kind.VALUE_REF) {
      return new Ast.ValueOperand(valueRef());
    }
    if (t.kind() == Kind.NAME && t.text().equals("size") && tokens.get(at + 1).is("(")) {
      next();
      expect("(");
      Path path = path();
      expect(")");
      return new Ast.SizeOperand(path);
    }
    return new Ast.PathOperand(path());
  }

  private SetValue setValue() {
    SetValue left = setOperand();
    if (peek().is("+") || peek().is("-")) {
      char op = next().text().charAt(0);
      return new Ast.Arithmetic(left, op, setOperand());
    }
    return left;
  }

  private SetValue setOperand() {
    Token t = peek();
    if (t.kind() == Kind.NAME && tokens.get(at + 1).is("(")) {
      String fn = next().text();
      expect("(");
      SetValue result;
      if (fn.equals("if_not_exists")) {
        Path path = path();
        expect(",");
        result = new Ast.IfNotExists(path, setValue());
      } else if (fn.equals("list_append")) {
        SetValue first = setValue();
        expect(",");
        result = new Ast.ListAppend(first, setValue());
      } else {
        throw error("Invalid function name; function: " + fn, t);
      }
      expect(")");
      return result;
    }
    return new Ast.Plain(operand());
  }

  private Path path() {
    List<Object> elements = new ArrayList<>();
    elements.add(name());
    while (true) {
      if (accept(".")) {
        elements.add(name());
      } else if (accept("[")) {
        Token index = next();
        if (index.kind() != Kind.NUMBER) {
          throw error("list index must be a number", index);
        }
        elements.add(Integer.parseInt(index.text()));
        expect("]");
      } else {
        return new Path(elements);
      }
    }
  }

  private String name() {
    Token t = next();
    return switch (t.kind()) {
      case NAME_REF -> context.name(t.text());
      case NAME -> {
        if (RESERVED_CHECKED.contains(t.text().toUpperCase(java.util.Locale.ROOT))
            || ReservedWords.contains(t.text())) {
          throw DynamoErrors.validation(
              "Invalid expression: Attribute name is a reserved keyword; reserved keyword: "
                  + t.text());
        }
        yield t.text();
      }
      default -> throw error("expected an attribute name, found '" + t.text() + "'", t);
    };
  }

  private AttributeValue valueRef() {
    Token t = next();
    if (t.kind() != Kind.VALUE_REF) {
      throw error("expected an expression attribute value, found '" + t.text() + "'", t);
    }
    return context.value(t.text());
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    Token t = tokens.get(at);
    if (t.kind() != Kind.END) {
      at++;
    }
    return t;
  }

  private boolean accept(String symbol) {
    if (peek().kind() == Kind.SYMBOL && peek().text().equals(symbol)) {
      at++;
      return true;
    }
    return false;
  }

  private boolean acceptKeyword(String keyword) {
    if (peek().kind() == Kind.NAME && peek().text().equalsIgnoreCase(keyword)) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(String symbol) {
    if (!accept(symbol)) {
      throw error("expected '" + symbol + "', found '" + peek().text() + "'", peek());
    }
  }

  private void expectEnd() {
    if (peek().kind() != Kind.END) {
      throw error("unexpected token '" + peek().text() + "'", peek());
    }
  }

  private RuntimeException error(String problem, Token t) {
    return DynamoErrors.syntax(source, problem, t.position());
  }

  /** The attribute names and values of one request, and which of them expressions used. */
  static final class ExpressionContext {
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new java.util.HashSet<>();
    private final Set<String> usedValues = new java.util.HashSet<>();

    ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
      this.names = names;
      this.values = values;
    }

    String name(String ref) {
      String name = names.get(ref);
      if (name == null) {
        throw DynamoErrors.validation(
            "Value provided in ExpressionAttributeNames unused in expressions or an expression attribute name was not defined; undefined: "
                + ref);
      }
      usedNames.add(ref);
      return name;
    }

    AttributeValue value(String ref) {
      AttributeValue value = values.get(ref);
      if (value == null) {
        throw DynamoErrors.validation(
            "Invalid expression: An expression attribute value used in expression is not defined; attribute value: "
                + ref);
      }
      usedValues.add(ref);
      return value;
    }

    /** AWS rejects names or values that no expression of the request used. */
    void checkAllUsed() {
      Set<String> unusedNames = new java.util.TreeSet<>(names.keySet());
      unusedNames.removeAll(usedNames);
      if (!unusedNames.isEmpty()) {
        throw DynamoErrors.validation(
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                + String.join(", ", unusedNames)
                + "}");
      }
      Set<String> unusedValues = new java.util.TreeSet<>(values.keySet());
      unusedValues.removeAll(usedValues);
      if (!unusedValues.isEmpty()) {
        throw DynamoErrors.validation(
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                + String.join(", ", unusedValues)
                + "}");
      }
    }
  }
}
