package dev.slipway.localcloud.stepfunctions.asl.parse;

import dev.slipway.localcloud.stepfunctions.asl.model.Catcher;
import dev.slipway.localcloud.stepfunctions.asl.model.ChoiceRule;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks transition targets exist and every state is reachable from StartAt. */
final class ReachabilityCheck {
  private final DefinitionParser parser;

  ReachabilityCheck(DefinitionParser parser) {
    this.parser = parser;
  }

  void check(StateMachine machine, String path) {
    for (State s : machine.states().values()) {
      for (String target : targets(s)) {
        if (!machine.states().containsKey(target)) {
          parser.problem(
              "MISSING_TRANSITION_TARGET",
              "Missing 'Next' target: " + target,
              path + "/States/" + s.name() + "/Next");
        }
      }
    }
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(machine.startAt()));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      State s = machine.state(name);
      if (s != null && seen.add(name)) {
        todo.addAll(targets(s));
      }
    }
    for (String name : machine.states().keySet()) {
      if (!seen.contains(name)) {
        parser.problem(
            "UNREACHABLE_STATE",
            "State \"" + name + "\" is not reachable.",
            path + "/States/" + name);
      }
    }
  }

  static List<String> targets(State s) {
    List<String> out = new ArrayList<>();
    if (s.common().next() != null) {
      out.add(s.common().next());
    }
    for (Catcher c : s.common().catchers()) {
      out.add(c.next());
    }
    if (s instanceof State.Choice choice) {
      for (ChoiceRule r : choice.choices()) {
        out.add(r.next());
      }
      if (choice.defaultNext() != null) {
        out.add(choice.defaultNext());
      }
    }
    return out;
  }
}
