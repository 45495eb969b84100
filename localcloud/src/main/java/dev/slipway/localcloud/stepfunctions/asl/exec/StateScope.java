package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.eval.Scope;
import java.util.Map;

/** The {@link Scope} of one state run: its context object and the visible variables. */
record StateScope(Map<String, Object> context, Variables vars) implements Scope {
  @Override
  public boolean hasVariable(String name) {
    return vars.has(name);
  }

  @Override
  public Object variable(String name) {
    return vars.get(name);
  }

  @Override
  public Map<String, Object> variables() {
    return vars.visible();
  }
}
