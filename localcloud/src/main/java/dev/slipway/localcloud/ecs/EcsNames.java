package dev.slipway.localcloud.ecs;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

/** ECS ARNs and ids, shaped as AWS shapes them. */
final class EcsNames {
  private final String prefix;
  private final Supplier<String> hex;

  EcsNames(String region, String account, Supplier<String> hex) {
    this.prefix = "arn:aws:ecs:" + region + ":" + account + ":";
    this.hex = hex;
  }

  static Supplier<String> randomHex() {
    var random = new SecureRandom();
    return () -> {
      var b = new byte[16];
      random.nextBytes(b);
      return HexFormat.of().formatHex(b);
    };
  }

  String cluster(String name) {
    return prefix + "cluster/" + name;
  }

  String taskDefinition(String family, int revision) {
    return prefix + "task-definition/" + family + ":" + revision;
  }

  String service(String cluster, String name) {
    return prefix + "service/" + cluster + "/" + name;
  }

  String task(String cluster) {
    return prefix + "task/" + cluster + "/" + hex.get();
  }

  String container(String cluster, String taskId) {
    return prefix + "container/" + cluster + "/" + taskId + "/" + uuid();
  }

  String serviceDeployment(String cluster, String service) {
    return prefix + "service-deployment/" + cluster + "/" + service + "/" + tail(hex.get(), 22);
  }

  String serviceRevision(String cluster, String service) {
    return prefix + "service-revision/" + cluster + "/" + service + "/" + digits();
  }

  /** Deployment ids look like {@code ecs-svc/1234567890123456789}. */
  String deploymentId() {
    return "ecs-svc/" + digits();
  }

  private String digits() {
    // 15 hex digits stay below 1.2e18, so the sum always has 19 digits
    return Long.toString(1_000_000_000_000_000_000L + Long.parseLong(tail(hex.get(), 15), 16));
  }

  private String uuid() {
    var h = hex.get();
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20, 32);
  }

  private static String tail(String s, int n) {
    return s.substring(s.length() - n);
  }

  static String lastSegment(String arnOrName) {
    return arnOrName.substring(arnOrName.lastIndexOf('/') + 1);
  }
}
