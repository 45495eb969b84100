package dev.slipway.localcloud.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The parsed forms of condition, key-condition, projection and update expressions. */
final class Ast {
  private Ast() {}

  /** A document path: top-level name, then map keys (String) and list indexes (Integer). */
  record Path(List<Object> elements) {
    String top() {
      return (String) elements.getFirst();
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      for (Object e : elements) {
        if (e instanceof Integer i) {
          s.append('[').append(i).append(']');
        } else {
          s.append(s.isEmpty() ? "" : ".").append(e);
        }
      }
      return s.toString();
    }
  }

  /** Something that yields a value: a path, a {@code :value}, or {@code size(path)}. */
  sealed interface Operand permits PathOperand, ValueOperand, SizeOperand {}

  record PathOperand(Path path) implements Operand {}

  record ValueOperand(AttributeValue value) implements Operand {}

  record SizeOperand(Path path) implements Operand {}

  /** A boolean condition. */
  sealed interface Condition permits Compare, Between, In, And, Or, Not, Call {}

  record Compare(Operand left, String op, Operand right) implements Condition {}

  record Between(Operand value, Operand low, Operand high) implements Condition {}

  record In(Operand value, List<Operand> options) implements Condition {}

  record And(Condition left, Condition right) implements Condition {}

  record Or(Condition left, Condition right) implements Condition {}

  record Not(Condition inner) implements Condition {}

  /** attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
  record Call(String function, List<Operand> args) implements Condition {}

  /** The right-hand side of a SET action. */
  sealed interface SetValue permits Plain, IfNotExists, ListAppend, Arithmetic {}

  record Plain(Operand operand) implements SetValue {}

  record IfNotExists(Path path, SetValue fallback) implements SetValue {}

  record ListAppend(SetValue first, SetValue second) implements SetValue {}

  record Arithmetic(SetValue left, char op, SetValue right) implements SetValue {}

  /** One action of an update expression. */
  sealed interface Action permits SetAction, RemoveAction, AddAction, DeleteAction {}

  record SetAction(Path path, SetValue value) implements Action {}

  record RemoveAction(Path path) implements Action {}

  record AddAction(Path path, AttributeValue value) implements Action {}

  record DeleteAction(Path path, AttributeValue value) implements Action {}
}
