package dev.slipway.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.InvalidPipelineConfigException;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The services a Slipway app deploys, read from {@code slipway.json}: {@code {"services":
 * [{"pipeline": {...}, "infra": {...}}]}}. The pipeline part is validated by {@link
 * PipelineConfigs} (the same parser Prepare uses at run time), the infra part by {@link
 * InfraSettings}; errors name the field by its path in the file, e.g. {@code
 * services[0].pipeline.strategy: 'canery' is not one of rolling, blue-green, canary}.
 */
public record SlipwayConfig(List<ServiceSettings> services) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Set<String> TOP_LEVEL = Set.of("services");
  private static final Set<String> PER_SERVICE = Set.of("pipeline", "infra");

  public SlipwayConfig {
    services = List.copyOf(services);
  }

  /** Reads and validates a config file. */
  public static SlipwayConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(
          "config file "
              + file.toAbsolutePath()
              + " does not exist; pass -c config=<path to slipway.json> (see infra/slipway.json)");
    }
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read config file " + file + ": " + e.getMessage());
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(file.getFileName() + ": " + e.getMessage());
    }
  }

  /** Parses and validates config JSON. */
  public static SlipwayConfig parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException("expected a JSON object {\"services\": [...]}");
    }
    onlyKnown(root, "", TOP_LEVEL);
    JsonNode list = root.get("services");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidConfigException(
          "services", "needs a non-empty list of {\"pipeline\": {...}, \"infra\": {...}}");
    }
    var services = new ArrayList<ServiceSettings>();
    var names = new HashSet<String>();
    for (int i = 0; i < list.size(); i++) {
      ServiceSettings service = service(list.get(i), "services[" + i + "]");
      if (!names.add(service.name())) {
        throw new InvalidConfigException(
            "services[" + i + "].pipeline.service",
            "'" + service.name() + "' is configured twice; service names must be unique");
      }
      services.add(service);
    }
    return new SlipwayConfig(services);
  }

  private static ServiceSettings service(JsonNode node, String at) {
    if (!node.isObject()) {
      throw new InvalidConfigException(
          at, "expected an object {\"pipeline\": {...}, \"infra\": {...}}");
    }
    onlyKnown(node, at + ".", PER_SERVICE);
    JsonNode pipelineNode = node.get("pipeline");
    if (pipelineNode == null || !pipelineNode.isObject()) {
      throw new InvalidConfigException(
          at + ".pipeline",
          "is required: the service's pipeline config (service, repository, ...)");
    }
    PipelineConfig pipeline;
    try {
      pipeline = PipelineConfigs.parse(pipelineNode.toString());
    } catch (InvalidPipelineConfigException e) {
      throw new InvalidConfigException(at + ".pipeline." + e.getMessage());
    }
    if (pipeline.environments().size() != 2) {
      throw new InvalidConfigException(
          at + ".pipeline.environments",
          pipeline.environments()
              + " must name exactly two environments: a pre-production one, then production"
              + " (e.g. [\"staging\", \"production\"])");
    }
    ResourceNames.check(at, pipeline.service(), pipeline.environments());
    InfraSettings infra = infra(node.get("infra"), at + ".infra");
    try {
      infra.checkDomainNames(pipeline.environments());
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(at + "." + e.getMessage());
    }
    return new ServiceSettings(pipeline, infra);
  }

  private static InfraSettings infra(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return InfraSettings.defaults();
    }
    if (!node.isObject()) {
      throw new InvalidConfigException(at, "expected an object");
    }
    try {
      return JSON.treeToValue(node, InfraSettings.class);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof InvalidConfigException bad) {
        throw new InvalidConfigException(
            at.substring(0, at.length() - ".infra".length()) + "." + bad.getMessage());
      }
      throw new InvalidConfigException(at, e.getOriginalMessage());
    } catch (JsonMappingException e) {
      String field = e.getPath().isEmpty() ? "" : "." + e.getPath().getLast().getFieldName();
      throw new InvalidConfigException(at + field, describe(e));
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(at, e.getOriginalMessage());
    }
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      var known = new ArrayList<String>();
      u.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
      known.sort(null);
      return "unknown field; known fields are " + known;
    }
    return e.getOriginalMessage();
  }

  private static void onlyKnown(JsonNode node, String at, Set<String> known) {
    for (Iterator<String> it = ((ObjectNode) node).fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new InvalidConfigException(
            at + name, "unknown field; known fields are " + known.stream().sorted().toList());
      }
    }
  }
}
