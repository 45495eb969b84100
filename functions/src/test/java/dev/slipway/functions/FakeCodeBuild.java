package dev.slipway.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CodeBuild's StartBuild with its idempotency token (the same token with other parameters is a
 * parameter mismatch, as on AWS); builds can be looked up by execution.
 */
final class FakeCodeBuild implements CodeBuildApi {
  record Started(
      String project, String sourceVersion, List<EnvironmentVariable> environment, String token) {}

  final List<Started> started = new ArrayList<>();
  final Map<String, String> byToken = new HashMap<>();
  final Map<String, Build> byExecution = new HashMap<>();
  final List<String> stopped = new ArrayList<>();

  @Override
  public void stopBuild(String buildId) {
    stopped.add(buildId);
  }

  @Override
  public String startBuild(
      String projectName,
      String sourceVersion,
      List<EnvironmentVariable> environment,
      String idempotencyToken) {
    String id =
        byToken.computeIfAbsent(
            idempotencyToken,
            t -> {
              started.add(new Started(projectName, sourceVersion, environment, t));
              return projectName + ":build-" + started.size();
            });
    Started first =
        started.stream().filter(b -> b.token().equals(idempotencyToken)).findFirst().orElseThrow();
    if (!first.equals(new Started(projectName, sourceVersion, environment, idempotencyToken))) {
      throw new CodeBuildException(
          "InvalidInputException",
          400,
          "Parameter mismatch: idempotency token " + idempotencyToken);
    }
    return id;
  }

  @Override
  public Optional<Build> findBuild(String projectName, String execution) {
    return Optional.ofNullable(byExecution.get(execution));
  }
}
