package dev.slipway.localcloud.elbv2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.SdkJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The durable part of {@link Elbv2State} as JSON: load balancers (with their place in the port
 * layout), target groups with health checks and attributes, listeners and rules with their actions
 * and weights, and the registered targets (the task containers, which outlive a crash of local
 * mode: ECS adopts the live ones and deregisters the others when it restores its own state). The
 * caller holds the state lock.
 */
final class Elbv2Snapshot {
  private Elbv2Snapshot() {}

  static String write(Elbv2State state) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("version", 1).put("nextLoadBalancerIndex", state.nextLoadBalancerIndex);
    ArrayNode lbs = root.putArray("loadBalancers");
    for (var lb : state.loadBalancers.values()) {
      lbs.addObject()
          .put("arn", lb.arn())
          .put("name", lb.name())
          .put("id", lb.id())
          .put("index", lb.index())
          .put("dnsName", lb.dnsName())
          .put("created", lb.created().toString());
    }
    ArrayNode tgs = root.putArray("targetGroups");
    state.targetGroups.values().forEach(tg -> tgs.add(Json.MAPPER.valueToTree(tg)));
    ArrayNode listeners = root.putArray("listeners");
    for (var l : state.listeners.values()) {
      ObjectNode n = listeners.addObject();
      n.put("arn", l.arn()).put("loadBalancerArn", l.loadBalancerArn()).put("id", l.id());
      n.put("protocol", l.protocol()).put("port", l.port()).put("localPort", l.localPort());
      n.put("defaultRuleArn", l.defaultRuleArn()).put("defaultRuleId", l.defaultRuleId());
      n.set("defaultActions", pojos(l.defaultActions()));
    }
    ArrayNode rules = root.putArray("rules");
    for (var r : state.rules.values()) {
      ObjectNode n = rules.addObject();
      n.put("arn", r.arn()).put("listenerArn", r.listenerArn()).put("id", r.id());
      n.put("priority", r.priority());
      n.set("conditions", pojos(r.conditions()));
      n.set("actions", pojos(r.actions()));
    }
    ArrayNode targets = root.putArray("targets");
    state.targets.forEach(
        (tgArn, byKey) ->
            byKey
                .values()
                .forEach(
                    t -> {
                      ObjectNode n = targets.addObject();
                      n.put("targetGroupArn", tgArn).put("id", t.id).put("port", t.port);
                      n.put("registeredAt", t.registeredAt.toString());
                      if (t.drainDeadline != null) {
                        n.put("drainDeadline", t.drainDeadline.toString());
                      }
                      n.put("seenHealthy", t.seenHealthy);
                    }));
    ObjectNode ruleTemplates = root.putObject("ruleTemplates");
    state.ruleTemplates.forEach(ruleTemplates::set);
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ELBv2 state is not serializable", e);
    }
  }

  /** Fills an empty {@code state} from {@link #write}'s text. */
  static void restore(String text, Elbv2State state) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
      if (root.path("version").asInt() != 1) {
        throw new IllegalStateException(
            "the saved ELBv2 state has version "
                + root.path("version")
                + "; this local mode reads version 1 (remove the file to start from the template)");
      }
      for (JsonNode n : root.path("loadBalancers")) {
        var lb =
            new Elbv2State.LoadBalancer(
                n.path("arn").asText(),
                n.path("name").asText(),
                n.path("id").asText(),
                n.path("index").asInt(),
                n.path("dnsName").asText(),
                Instant.parse(n.path("created").asText()));
        state.loadBalancers.put(lb.arn(), lb);
      }
      for (JsonNode n : root.path("targetGroups")) {
        var tg = Json.MAPPER.treeToValue(n, Elbv2State.TargetGroup.class);
        // attributes change in place (ModifyTargetGroupAttributes)
        var attributes = new LinkedHashMap<>(tg.attributes());
        state.targetGroups.put(tg.arn(), withAttributes(tg, attributes));
      }
      for (JsonNode n : root.path("listeners")) {
        var l =
            new Elbv2State.Listener(
                n.path("arn").asText(),
                n.path("loadBalancerArn").asText(),
                n.path("id").asText(),
                n.path("protocol").asText(),
                n.path("port").asInt(),
                n.path("localPort").asInt(),
                n.path("defaultRuleArn").asText(),
                n.path("defaultRuleId").asText(),
                pojos(n.path("defaultActions"), Action::builder));
        state.listeners.put(l.arn(), l);
      }
      for (JsonNode n : root.path("rules")) {
        var r =
            new Elbv2State.Rule(
                n.path("arn").asText(),
                n.path("listenerArn").asText(),
                n.path("id").asText(),
                n.path("priority").asInt(),
                pojos(n.path("conditions"), RuleCondition::builder),
                pojos(n.path("actions"), Action::builder));
        state.rules.put(r.arn(), r);
      }
      for (JsonNode n : root.path("targets")) {
        var t =
            new Elbv2State.Target(
                n.path("targetGroupArn").asText(),
                n.path("id").asText(),
                n.path("port").asInt(),
                Instant.parse(n.path("registeredAt").asText()));
        if (n.hasNonNull("drainDeadline")) {
          t.drainDeadline = Instant.parse(n.path("drainDeadline").asText());
        }
        t.seenHealthy = n.path("seenHealthy").asBoolean();
        if (state.targetGroups.containsKey(t.targetGroupArn)) {
          state.targetsOf(t.targetGroupArn).put(t.key(), t);
        }
      }
      root.path("ruleTemplates")
          .properties()
          .forEach(e -> state.ruleTemplates.put(e.getKey(), e.getValue()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the saved ELBv2 state is unreadable", e);
    }
    state.nextLoadBalancerIndex = root.path("nextLoadBalancerIndex").asInt();
  }

  private static Elbv2State.TargetGroup withAttributes(
      Elbv2State.TargetGroup tg, java.util.Map<String, String> attributes) {
    return new Elbv2State.TargetGroup(
        tg.arn(),
        tg.name(),
        tg.id(),
        tg.protocol(),
        tg.port(),
        tg.vpcId(),
        tg.healthCheck(),
        attributes);
  }

  private static ArrayNode pojos(List<? extends SdkPojo> list) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (var p : list) {
      try {
        out.add(Json.MAPPER.readTree(SdkJson.write(p)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("SDK object is not serializable", e);
      }
    }
    return out;
  }

  private static <T> List<T> pojos(
      JsonNode array, Supplier<? extends SdkBuilder<?, ? extends T>> builder) {
    var out = new ArrayList<T>();
    array.forEach(n -> out.add(SdkJson.read(n.toString(), builder.get())));
    return List.copyOf(out);
  }
}
