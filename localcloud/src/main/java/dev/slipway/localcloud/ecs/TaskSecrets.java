package dev.slipway.localcloud.ecs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Resolves a container's {@code secrets}: {@code valueFrom} is a Secrets Manager ARN, optionally
 * followed by {@code :json-key:version-stage:version-id} (any of them empty), as ECS accepts it.
 */
final class TaskSecrets {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TaskSecrets() {}

  /** A parsed {@code valueFrom}. */
  record Reference(String secretArn, String jsonKey, String versionStage, String versionId) {}

  static Reference parse(String valueFrom) {
    var parts = valueFrom == null ? new String[0] : valueFrom.split(":", -1);
    if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("secretsmanager")) {
      throw EcsErrors.clientException(
          "Secret valueFrom '"
              + valueFrom
              + "' is not a Secrets Manager secret ARN; local mode resolves secrets from Secrets"
              + " Manager only");
    }
    var arn = String.join(":", List.of(parts).subList(0, 7));
    return new Reference(arn, part(parts, 7), part(parts, 8), part(parts, 9));
  }

  private static String part(String[] parts, int i) {
    return parts.length > i && !parts[i].isEmpty() ? parts[i] : null;
  }

  /** Variable name → value; a failure names the secret, never a value. */
  static Map<String, String> resolve(List<Secret> secrets, SecretSource source) {
    var out = new LinkedHashMap<String, String>();
    for (var s : secrets) {
      var ref = parse(s.valueFrom());
      var value =
          source
              .getSecretValue(
                  GetSecretValueRequest.builder()
                      .secretId(ref.secretArn())
                      .versionStage(ref.versionStage())
                      .versionId(ref.versionId())
                      .build())
              .secretString();
      if (ref.jsonKey() != null) {
        value = jsonValue(value, ref);
      }
      out.put(s.name(), value);
    }
    return out;
  }

  private static String jsonValue(String secret, Reference ref) {
    try {
      var node = JSON.readTree(secret).get(ref.jsonKey());
      if (node == null) {
        throw EcsErrors.clientException(
            "Secret " + ref.secretArn() + " has no JSON key '" + ref.jsonKey() + "'");
      }
      return node.isTextual() ? node.asText() : node.toString();
    } catch (IOException e) {
      throw EcsErrors.clientException(
          "Secret "
              + ref.secretArn()
              + " is not JSON, so key '"
              + ref.jsonKey()
              + "' cannot be read");
    }
  }
}
