package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Variables set by Assign. A Map iteration or Parallel branch gets a child scope: it reads the
 * outer variables, and what it assigns stays inside it ("Passing data between states with
 * variables", scope rules).
 */
public final class Variables {
  private final Variables parent;
  private final Map<String, Object> local = Collections.synchronizedMap(new LinkedHashMap<>());

  /** A top-level scope holding {@code initial}. */
  public Variables(Map<String, Object> initial) {
    this.parent = null;
    local.putAll(initial);
  }

  private Variables(Variables parent) {
    this.parent = parent;
  }

  /** A child scope. */
  public Variables child() {
    return new Variables(this);
  }

  boolean has(String name) {
    return local.containsKey(name) || (parent != null && parent.has(name));
  }

  Object get(String name) {
    if (local.containsKey(name)) {
      return local.get(name);
    }
    return parent == null ? null : parent.get(name);
  }

  /** All visible variables. */
  public Map<String, Object> visible() {
    Map<String, Object> out = parent == null ? new LinkedHashMap<>() : parent.visible();
    synchronized (local) {
      out.putAll(local);
    }
    return out;
  }

  /** This scope's own variables (what a checkpoint stores). */
  public Map<String, Object> local() {
    synchronized (local) {
      return new LinkedHashMap<>(local);
    }
  }

  void assignAll(Map<String, Object> values) {
    local.putAll(values);
  }
}
