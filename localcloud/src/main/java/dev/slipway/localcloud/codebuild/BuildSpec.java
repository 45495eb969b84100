package dev.slipway.localcloud.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed buildspec (version 0.2): {@code env.variables}, {@code env.exported-variables} and the
 * phases install, pre_build, build, post_build with their commands, {@code on-failure} and {@code
 * finally}. {@code runtime-versions} is accepted and ignored: local mode builds with the host's
 * tools. {@code env.parameter-store}/{@code secrets-manager} and artifacts/reports are not
 * supported and say so.
 *
 * @param variables env.variables, in file order
 * @param exportedVariables env.exported-variables
 * @param phases the phases present, keyed by {@link Phase}
 */
public record BuildSpec(
    Map<String, String> variables, List<String> exportedVariables, Map<Phase, PhaseSpec> phases) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The phases a buildspec can declare, in the order CodeBuild runs them. */
  public enum Phase {
    INSTALL("install"),
    PRE_BUILD("pre_build"),
    BUILD("build"),
    POST_BUILD("post_build");

    final String key;

    Phase(String key) {
      this.key = key;
    }
  }

  /**
   * One phase.
   *
   * @param commands shell commands, run in order in one build shell
   * @param abortOnFailure {@code on-failure: ABORT} (CONTINUE = false: later phases still run)
   * @param explicitOnFailure whether {@code on-failure} was given at all
   * @param finallyCommands commands run after the phase whatever happened
   */
  public record PhaseSpec(
      List<String> commands,
      boolean abortOnFailure,
      boolean explicitOnFailure,
      List<String> finallyCommands) {}

  /** Parses buildspec YAML; a problem throws {@link IllegalArgumentException} naming it. */
  public static BuildSpec parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("YAML_FILE_ERROR: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("YAML_FILE_ERROR: the buildspec is empty or not a map");
    }
    String version = root.path("version").asText("");
    if (!version.equals("0.2") && !version.equals("0.1")) {
      throw new IllegalArgumentException(
          "YAML_FILE_ERROR: invalid buildspec version '" + version + "'; use version: 0.2");
    }
    JsonNode env = root.path("env");
    for (String unsupported : List.of("parameter-store", "secrets-manager")) {
      if (env.has(unsupported)) {
        throw new IllegalArgumentException(
            "YAML_FILE_ERROR: env."
                + unsupported
                + " is not supported in local mode; pass the value as a project environment"
                + " variable instead");
      }
    }
    Map<String, String> variables = new LinkedHashMap<>();
    env.path("variables")
        .properties()
        .forEach(e -> variables.put(e.getKey(), scalar(e.getValue())));
    List<String> exported = new ArrayList<>();
    env.path("exported-variables").forEach(n -> exported.add(n.asText()));
    Map<Phase, PhaseSpec> phases = new LinkedHashMap<>();
    JsonNode phasesNode = root.path("phases");
    for (Phase phase : Phase.values()) {
      JsonNode p = phasesNode.path(phase.key);
      if (p.isMissingNode() || p.isNull()) {
        continue;
      }
      String onFailure = p.path("on-failure").asText("");
      if (!onFailure.isEmpty() && !onFailure.equals("ABORT") && !onFailure.equals("CONTINUE")) {
        throw new IllegalArgumentException(
            "YAML_FILE_ERROR: phases."
                + phase.key
                + ".on-failure must be ABORT or CONTINUE, got '"
                + onFailure
                + "'");
      }
      phases.put(
          phase,
          new PhaseSpec(
              commands(p.path("commands"), "phases." + phase.key + ".commands"),
              !onFailure.equals("CONTINUE"),
              !onFailure.isEmpty(),
              commands(p.path("finally"), "phases." + phase.key + ".finally")));
    }
    phasesNode
        .properties()
        .forEach(
            e -> {
              boolean known = false;
              for (Phase phase : Phase.values()) {
                known |= phase.key.equals(e.getKey());
              }
              if (!known) {
                throw new IllegalArgumentException(
                    "YAML_FILE_ERROR: unknown phase '"
                        + e.getKey()
                        + "'; phases are install, pre_build, build, post_build");
              }
            });
    return new BuildSpec(variables, exported, phases);
  }

  /**
   * A phase's commands. An unquoted command holding {@code ": "} (e.g. {@code - echo "x"; sleep 1})
   * is a YAML mapping, not a string: CodeBuild fails the build with YAML_FILE_ERROR instead of
   * running an empty command, and so does local mode.
   */
  private static List<String> commands(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode n = node.get(i);
      if (!n.isValueNode() || n.isNull()) {
        throw new IllegalArgumentException(
            "YAML_FILE_ERROR: Expected "
                + field
                + "["
                + i
                + "] to be of string type: found "
                + (n.isObject() ? "subkeys (" + n + ")" : n.isArray() ? "a list" : "nothing")
                + " instead; quote the command (an unquoted ': ' makes it a YAML mapping)");
      }
      out.add(n.asText());
    }
    return out;
  }

  private static String scalar(JsonNode n) {
    return n.isTextual() ? n.asText() : n.toString();
  }
}
