package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.pipeline.DoraMetrics;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.PipelineJson;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per service and environment: what serves (last-known-good), the history of deployments and
 * rollbacks, and DORA metrics over the last {@link #WINDOW}. The same figures {@code slipway
 * history} prints.
 */
final class DeploymentsView {
  static final Duration WINDOW = Duration.ofDays(30);

  private DeploymentsView() {}

  /** {@code {environments:[{service, environment, serving, history, dora}], window}}. */
  static ObjectNode of(DeploymentHistoryReader.History history, InstantSource clock) {
    Instant to = clock.instant().plusSeconds(1);
    Instant from = to.minus(WINDOW);
    Map<String, List<DeploymentRecord>> byEnv = new LinkedHashMap<>();
    for (DeploymentRecord r : history.records()) {
      byEnv
          .computeIfAbsent(r.service() + "/" + r.environment(), k -> new java.util.ArrayList<>())
          .add(r);
    }
    history.lastGood().keySet().forEach(k -> byEnv.computeIfAbsent(k, x -> List.of()));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("windowDays", WINDOW.toDays());
    ArrayNode envs = out.putArray("environments");
    for (var entry : byEnv.entrySet()) {
      String[] key = entry.getKey().split("/", 2);
      ObjectNode env = envs.addObject();
      env.put("service", key[0]).put("environment", key[1]);
      DeploymentRecord serving = history.lastGood().get(entry.getKey());
      env.set("serving", serving == null ? null : PipelineJson.mapper().valueToTree(serving));
      ArrayNode rows = env.putArray("history");
      entry
          .getValue()
          .reversed()
          .forEach(
              r ->
                  rows.add(
                      PipelineJson.mapper()
                          .<com.fasterxml.jackson.databind.JsonNode>valueToTree(r)));
      env.set(
          "dora",
          PipelineJson.mapper()
              .valueToTree(DoraMetrics.report(history.records(), key[0], key[1], from, to)));
    }
    return out;
  }
}
