package dev.slipway.localcloud.stepfunctions.asl.eval;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compiled JSONPath with the semantics AWS Step Functions exposes (its runtime is Jayway
 * JsonPath, whose messages appear in States.Runtime causes). A small evaluator rather than the
 * Jayway library: the Jayway artifact is not among this build's resolvable dependencies, and ASL
 * only needs its core (names, indexes, slices, wildcards, deep scan, simple filters, {@code
 * length()}) plus exact control of "definite path not found" errors.
 */
public final class JsonPath {
  private static final Map<String, JsonPath> CACHE = new ConcurrentHashMap<>();

  private final String text;
  private final List<Segment> segments;
  private final boolean definite;

  private JsonPath(String text, List<Segment> segments) {
    this.text = text;
    this.segments = segments;
    this.definite = segments.stream().allMatch(Segment::definite);
  }

  /** Compiles (and caches) a path starting with {@code $}; throws IllegalArgumentException. */
  public static JsonPath compile(String text) {
    JsonPath cached = CACHE.get(text);
    if (cached != null) {
      return cached;
    }
    JsonPath p = new JsonPath(text, new JsonPathParser(text).parse());
    if (CACHE.size() < 10_000) {
      CACHE.put(text, p);
    }
    return p;
  }

  /** The source text. */
  public String text() {
    return text;
  }

  /** True when the path selects at most one value (no wildcard, scan, slice, filter, union). */
  public boolean definite() {
    return definite;
  }

  /**
   * Selects from {@code doc}: the value for a definite path (throwing {@link PathNotFoundException}
   * when absent), a list of matches otherwise.
   */
  public Object read(Object doc) {
    List<Object> current = java.util.Collections.singletonList(doc);
    StringBuilder walked = new StringBuilder("$");
    for (Segment s : segments) {
      List<Object> next = new ArrayList<>();
      for (Object node : current) {
        s.select(node, doc, next);
      }
      if (definite && next.isEmpty()) {
        boolean leaf = s == segments.get(segments.size() - 1);
        String here = walked + s.render();
        throw new PathNotFoundException(
            leaf || !(s instanceof Segment.Name)
                ? "No results for path: " + here
                : "Missing property in path " + here);
      }
      walked.append(s.render());
      current = next;
    }
    return definite ? current.get(0) : new ArrayList<>(current);
  }

  /** Like {@link #read} but returns {@code fallback} where a definite path is absent. */
  public Object readOr(Object doc, Object fallback) {
    try {
      return read(doc);
    } catch (PathNotFoundException e) {
      return fallback;
    }
  }

  /**
   * Returns a copy of {@code doc} with {@code value} placed at this (definite, names/indexes only)
   * path, creating objects on the way, as ResultPath does.
   */
  public Object write(Object doc, Object value) {
    if (segments.isEmpty()) {
      return value;
    }
    Object root = doc instanceof Map<?, ?> || doc instanceof List<?> ? Json.copy(doc) : null;
    if (root == null) {
      root = new LinkedHashMap<String, Object>();
    }
    Object node = root;
    for (int i = 0; i < segments.size(); i++) {
      boolean last = i == segments.size() - 1;
      Segment s = segments.get(i);
      if (s instanceof Segment.Name n && node instanceof Map<?, ?>) {
        Map<String, Object> m = Json.asObject(node);
        if (last) {
          m.put(n.name(), value);
        } else {
          Object child = m.get(n.name());
          if (!(child instanceof Map<?, ?>) && !(child instanceof List<?>)) {
            child = new LinkedHashMap<String, Object>();
            m.put(n.name(), child);
          }
          node = child;
        }
      } else if (s instanceof Segment.Index ix
          && node instanceof List<?>
          && ix.indexes().size() == 1) {
        List<Object> l = Json.asArray(node);
        int at = ix.indexes().get(0) < 0 ? l.size() + ix.indexes().get(0) : ix.indexes().get(0);
        if (at < 0 || at >= l.size()) {
          throw new PathNotFoundException("Index out of bounds in path " + text);
        }
        if (last) {
          l.set(at, value);
        } else {
          node = l.get(at);
        }
      } else {
        throw new PathNotFoundException(
            "Unable to set a value at path " + text + ": the input does not have that shape");
      }
    }
    return root;
  }

  @Override
  public String toString() {
    return text;
  }
}
