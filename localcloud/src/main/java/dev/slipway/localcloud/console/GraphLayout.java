package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays out an ASL definition as a top-to-bottom graph: each state a box in the layer of its longest
 * forward path from {@code StartAt}; a Parallel's branches and a Map's iterator are laid out
 * recursively inside their state's box, side by side. Positions are absolute pixels, so the browser
 * only draws.
 */
final class GraphLayout {
  static final int NODE_W = 180;
  static final int NODE_H = 36;
  static final int GAP_X = 24;
  static final int GAP_Y = 44;
  static final int PAD = 16;
  static final int TITLE = 26;

  private GraphLayout() {}

  /** {@code {width, height, nodes:[{id,name,type,x,y,w,h,parent}], edges:[{from,to,kind}]}}. */
  static ObjectNode layout(JsonNode definition) {
    if (!definition.path("States").isObject() || !definition.path("StartAt").isTextual()) {
      throw new IllegalArgumentException(
          "not an ASL definition: it needs StartAt and States; check the state machine definition");
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode nodes = out.putArray("nodes");
    ArrayNode edges = out.putArray("edges");
    int[] size = block(definition, "", 0, 0, null, nodes, edges);
    out.put("width", size[0]);
    out.put("height", size[1]);
    return out;
  }

  /** Lays out one block (StartAt + States) at (x, y); returns its {width, height}. */
  private static int[] block(
      JsonNode block,
      String prefix,
      int x,
      int y,
      String parent,
      ArrayNode nodes,
      ArrayNode edges) {
    JsonNode states = block.path("States");
    List<List<String>> layers = layers(block);
    Map<String, int[]> sizes = new HashMap<>();
    for (var entry : states.properties()) {
      sizes.put(entry.getKey(), measure(entry.getValue()));
    }
    int width = 0;
    for (List<String> layer : layers) {
      width = Math.max(width, rowWidth(layer, sizes));
    }
    int top = y;
    for (List<String> layer : layers) {
      int rowH = 0;
      int left = x + (width - rowWidth(layer, sizes)) / 2;
      for (String name : layer) {
        int[] s = sizes.get(name);
        place(name, states.get(name), prefix, left, top, s, parent, nodes, edges);
        left += s[0] + GAP_X;
        rowH = Math.max(rowH, s[1]);
      }
      top += rowH + GAP_Y;
    }
    for (var entry : states.properties()) {
      for (String[] t : transitions(entry.getValue())) {
        if (states.has(t[0])) {
          edges
              .addObject()
              .put("from", prefix + entry.getKey())
              .put("to", prefix + t[0])
              .put("kind", t[1]);
        }
      }
    }
    return new int[] {width, Math.max(0, top - y - GAP_Y)};
  }

  private static void place(
      String name,
      JsonNode state,
      String prefix,
      int x,
      int y,
      int[] size,
      String parent,
      ArrayNode nodes,
      ArrayNode edges) {
    String id = prefix + name;
    ObjectNode n = nodes.addObject();
    n.put("id", id).put("name", name).put("type", state.path("Type").asText("Task"));
    n.put("x", x).put("y", y).put("w", size[0]).put("h", size[1]);
    if (parent != null) {
      n.put("parent", parent);
    }
    int bx = x + PAD;
    for (JsonNode branch : branches(state)) {
      int[] b = block(branch, id + "/", bx, y + TITLE + PAD, id, nodes, edges);
      bx += b[0] + GAP_X;
    }
  }

  /** A state's box size: fixed for plain states, its branches plus padding for Parallel/Map. */
  private static int[] measure(JsonNode state) {
    List<JsonNode> branches = branches(state);
    if (branches.isEmpty()) {
      return new int[] {NODE_W, NODE_H};
    }
    int w = 0;
    int h = 0;
    for (JsonNode branch : branches) {
      int[] b = blockSize(branch);
      w += b[0];
      h = Math.max(h, b[1]);
    }
    w += GAP_X * (branches.size() - 1) + 2 * PAD;
    return new int[] {Math.max(w, NODE_W), h + TITLE + 2 * PAD};
  }

  private static int[] blockSize(JsonNode block) {
    JsonNode states = block.path("States");
    Map<String, int[]> sizes = new HashMap<>();
    for (var entry : states.properties()) {
      sizes.put(entry.getKey(), measure(entry.getValue()));
    }
    int w = 0;
    int h = 0;
    for (List<String> layer : layers(block)) {
      w = Math.max(w, rowWidth(layer, sizes));
      h += layer.stream().mapToInt(n -> sizes.get(n)[1]).max().orElse(0) + GAP_Y;
    }
    return new int[] {w, Math.max(0, h - GAP_Y)};
  }

  private static int rowWidth(List<String> layer, Map<String, int[]> sizes) {
    return layer.stream().mapToInt(n -> sizes.get(n)[0]).sum() + GAP_X * (layer.size() - 1);
  }

  static List<JsonNode> branches(JsonNode state) {
    List<JsonNode> out = new ArrayList<>();
    state.path("Branches").forEach(out::add);
    JsonNode iterator =
        state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
    if (iterator.has("States")) {
      out.add(iterator);
    }
    return out;
  }

  /** Targets of a state: {@code [name, kind]} with kind next, choice, default or catch. */
  static List<String[]> transitions(JsonNode state) {
    List<String[]> out = new ArrayList<>();
    if (state.path("Next").isTextual()) {
      out.add(new String[] {state.get("Next").asText(), "next"});
    }
    state.path("Choices").forEach(c -> out.add(new String[] {c.path("Next").asText(), "choice"}));
    if (state.path("Default").isTextual()) {
      out.add(new String[] {state.get("Default").asText(), "default"});
    }
    state.path("Catch").forEach(c -> out.add(new String[] {c.path("Next").asText(), "catch"}));
    return out;
  }

  /**
   * Layers by longest path from StartAt over forward edges (a depth-first walk marks back edges of
   * loops, which do not push their target down); unreachable states go last.
   */
  static List<List<String>> layers(JsonNode block) {
    JsonNode states = block.path("States");
    String start = block.path("StartAt").asText();
    List<String> order = new ArrayList<>();
    Set<String> backEdges = new LinkedHashSet<>();
    dfs(start, states, new LinkedHashSet<>(), new LinkedHashSet<>(), order, backEdges);
    Map<String, Integer> layer = new LinkedHashMap<>();
    for (int i = order.size() - 1; i >= 0; i--) {
      String name = order.get(i);
      layer.putIfAbsent(name, 0);
      for (String[] t : transitions(states.get(name))) {
        if (states.has(t[0]) && !backEdges.contains(name + "\u0000" + t[0])) {
          layer.merge(t[0], layer.get(name) + 1, Math::max);
        }
      }
    }
    int deepest = layer.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    for (var entry : states.properties()) {
      layer.putIfAbsent(entry.getKey(), ++deepest);
    }
    List<List<String>> out = new ArrayList<>();
    for (var entry : layer.entrySet()) {
      while (out.size() <= entry.getValue()) {
        out.add(new ArrayList<>());
      }
      out.get(entry.getValue()).add(entry.getKey());
    }
    out.removeIf(List::isEmpty);
    orderByPredecessors(out, states);
    return out;
  }

  /**
   * One top-down barycenter pass (Sugiyama et al.): each row is ordered by the mean relative
   * position of its predecessors, main-flow edges first, so the happy path runs straight down and
   * fewer edges cross. Catch edges only place states that nothing else leads to.
   */
  private static void orderByPredecessors(List<List<String>> layers, JsonNode states) {
    Map<String, Double> position = new HashMap<>();
    for (List<String> layer : layers) {
      Map<String, Double> key = new HashMap<>();
      for (int i = 0; i < layer.size(); i++) {
        String name = layer.get(i);
        double main = mean(name, states, position, false);
        double any = Double.isNaN(main) ? mean(name, states, position, true) : main;
        key.put(name, Double.isNaN(any) ? (i + 0.5) / layer.size() : any);
      }
      layer.sort(java.util.Comparator.comparingDouble(key::get));
      for (int i = 0; i < layer.size(); i++) {
        position.put(layer.get(i), (i + 0.5) / layer.size());
      }
    }
  }

  private static double mean(
      String target, JsonNode states, Map<String, Double> placed, boolean withCatch) {
    double sum = 0;
    int n = 0;
    for (var entry : states.properties()) {
      Double at = placed.get(entry.getKey());
      if (at == null) {
        continue;
      }
      for (String[] t : transitions(entry.getValue())) {
        if (t[0].equals(target) && (withCatch || !t[1].equals("catch"))) {
          sum += at;
          n++;
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private record Frame(String name, List<String[]> next, int[] at) {}

  /** Iterative DFS leaving postorder in {@code order}; records back edges (loops). */
  private static void dfs(
      String start,
      JsonNode states,
      Set<String> onStack,
      Set<String> done,
      List<String> order,
      Set<String> backEdges) {
    if (!states.has(start)) {
      return;
    }
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(start, transitions(states.get(start)), new int[1]));
    onStack.add(start);
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (top.at()[0] < top.next().size()) {
        String to = top.next().get(top.at()[0]++)[0];
        if (!states.has(to) || done.contains(to)) {
          continue;
        }
        if (onStack.contains(to)) {
          backEdges.add(top.name() + "\u0000" + to);
          continue;
        }
        onStack.add(to);
        stack.push(new Frame(to, transitions(states.get(to)), new int[1]));
      } else {
        stack.pop();
        onStack.remove(top.name());
        done.add(top.name());
        order.add(top.name());
      }
    }
  }
}
