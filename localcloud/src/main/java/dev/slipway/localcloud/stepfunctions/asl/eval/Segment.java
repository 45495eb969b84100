package dev.slipway.localcloud.stepfunctions.asl.eval;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.util.List;
import java.util.Map;

/** One step of a compiled {@link JsonPath}. */
sealed interface Segment {
  /** Adds what this step selects from {@code node} to {@code out}. */
  void select(Object node, Object root, List<Object> out);

  /** True when this step selects at most one value. */
  boolean definite();

  /** Jayway's bracket rendering, used in not-found messages. */
  String render();

  /** {@code .name} or {@code ['name']}; several names make a union. */
  record Name(String name) implements Segment {
    @Override
    public void select(Object node, Object root, List<Object> out) {
      if (node instanceof Map<?, ?> m && m.containsKey(name)) {
        out.add(m.get(name));
      }
    }

    @Override
    public boolean definite() {
      return true;
    }

    @Override
    public String render() {
      return "['" + name + "']";
    }
  }

  /** {@code ['a','b']}. */
  record Names(List<String> names) implements Segment {
    @Override
    public void select(Object node, Object root, List<Object> out) {
      if (node instanceof Map<?, ?> m) {
        for (String n : names) {
          if (m.containsKey(n)) {
            out.add(m.get(n));
          }
        }
      }
    }

    @Override
    public boolean definite() {
      return false;
    }

    @Override
    public String render() {
      return "['" + String.join("','", names) + "']";
    }
  }

  /** {@code [n]} or {@code [n,m]}; negative counts from the end. */
  record Index(List<Integer> indexes) implements Segment {
    @Override
    public void select(Object node, Object root, List<Object> out) {
      if (node instanceof List<?> l) {
        for (int i : indexes) {
          int at = i < 0 ? l.size() + i : i;
          if (at >= 0 && at < l.size()) {
            out.add(l.get(at));
          }
        }
      }
    }

    @Override
    public boolean definite() {
      return indexes.size() == 1;
    }

    @Override
    public String render() {
      return indexes.toString().replace(" ", "");
    }
  }

  /** {@code [start:end:step]} with Python-like bounds. */
  record Slice(Integer start, Integer end, Integer step) implements Segment {
    @Override
    public void select(Object node, Object root, List<Object> out) {
      if (node instanceof List<?> l) {
        int n = l.size();
        int st = step == null ? 1 : step;
        int from = start == null ? 0 : start < 0 ? Math.max(0, n + start) : Math.min(start, n);
        int to = end == null ? n : end < 0 ? Math.max(0, n + end) : Math.min(end, n);
        for (int i = from; i < to; i += Math.max(1, st)) {
          out.add(l.get(i));
        }
      }
    }

    @Override
    public boolean definite() {
      return false;
    }

    @Override
    public String render() {
      return "[" + (start == null ? "" : start) + ":" + (end == null ? "" : end) + "]";
    }
  }

  /** {@code [*]} or {@code .*}. */
  record Wildcard() implements Segment {
    @Override
    public void select(Object node, Object root, List<Object> out) {
      if (node instanceof Map<?, ?> m) {
        out.addAll(m.values());
      } else if (node instanceof List<?> l) {
        out.addAll(l);
      }
    }

    @Override
    public boolean definite() {
      return false;
    }

    @Override
    public String render() {
      return "[*]";
    }
  }

  /** {@code ..name} or {@code ..*}: the next step applied at every depth. */
  record DeepScan(Segment then) implements Segment {
    @Override
    public void select(Object node, Object root, List<Object> out) {
      then.select(node, root, out);
      if (node instanceof Map<?, ?> m) {
        for (Object child : m.values()) {
          select(child, root, out);
        }
      } else if (node instanceof List<?> l) {
        for (Object child : l) {
          select(child, root, out);
        }
      }
    }

    @Override
    public boolean definite() {
      return false;
    }

    @Override
    public String render() {
      return ".." + then.render();
    }
  }

  /** {@code [?(...)]}: array elements (or object values) for which the predicate holds. */
  record Filter(FilterExpression predicate) implements Segment {
    @Override
    public void select(Object node, Object root, List<Object> out) {
      Iterable<?> items =
          node instanceof List<?> l ? l : node instanceof Map<?, ?> m ? List.of(m) : List.of();
      for (Object item : items) {
        if (predicate.test(item, root)) {
          out.add(item);
        }
      }
    }

    @Override
    public boolean definite() {
      return false;
    }

    @Override
    public String render() {
      return "[?]";
    }
  }

  /** {@code .length()}: the size of an array, object or string. */
  record Length() implements Segment {
    @Override
    public void select(Object node, Object root, List<Object> out) {
      if (node instanceof List<?> l) {
        out.add((long) l.size());
      } else if (node instanceof Map<?, ?> m) {
        out.add((long) m.size());
      } else if (node instanceof String s) {
        out.add((long) s.length());
      }
    }

    @Override
    public boolean definite() {
      return true;
    }

    @Override
    public String render() {
      return ".length()";
    }
  }

  /** Helper for filters: the JSON type-aware comparison of two values. */
  static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    return Json.equal(a, b) ? 0 : Integer.MIN_VALUE;
  }
}
