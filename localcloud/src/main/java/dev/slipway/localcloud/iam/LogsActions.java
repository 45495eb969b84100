package dev.slipway.localcloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.server.LocalAws;
import java.util.List;

/**
 * CloudWatch Logs requests to permissions, per the Service Authorization Reference's table for
 * {@code logs}: {@code DescribeLogGroups} has no resource type ({@code *}); the group-level calls
 * ({@code DescribeLogStreams}, {@code FilterLogEvents}, {@code CreateLogGroup}, {@code
 * PutRetentionPolicy}) are on the group, which AWS evaluates as {@code
 * arn:aws:logs:…:log-group:<name>:log-stream:} (so a policy needs {@code log-group:<name>:*}, as
 * CDK's grants write it); the stream-level calls ({@code GetLogEvents}, {@code CreateLogStream},
 * {@code PutLogEvents}) are on {@code log-group:<name>:log-stream:<stream>}.
 */
final class LogsActions {
  private LogsActions() {}

  static boolean map(String op, JsonNode in, List<AuthorizationRequest> out) {
    String action = "logs:" + op;
    switch (op) {
      case "DescribeLogGroups" -> {
        out.add(AuthorizationRequest.of(action, "*"));
        return true;
      }
      case "DescribeLogStreams", "FilterLogEvents", "CreateLogGroup", "PutRetentionPolicy" -> {
        String group = group(in);
        if (group == null) {
          return false;
        }
        out.add(AuthorizationRequest.of(action, streamArn(group, "")));
        return true;
      }
      case "GetLogEvents", "CreateLogStream", "PutLogEvents" -> {
        String group = group(in);
        if (group == null || !in.hasNonNull("logStreamName")) {
          return false;
        }
        out.add(
            AuthorizationRequest.of(action, streamArn(group, in.get("logStreamName").asText())));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** The group a request names, by {@code logGroupName} or {@code logGroupIdentifier}. */
  private static String group(JsonNode in) {
    if (in == null) {
      return null;
    }
    if (in.hasNonNull("logGroupName")) {
      return in.get("logGroupName").asText();
    }
    if (!in.hasNonNull("logGroupIdentifier")) {
      return null;
    }
    String id = in.get("logGroupIdentifier").asText();
    int at = id.indexOf(":log-group:");
    if (id.startsWith("arn:") && at >= 0) {
      id = id.substring(at + ":log-group:".length());
      return id.endsWith(":*") ? id.substring(0, id.length() - 2) : id;
    }
    return id;
  }

  private static String streamArn(String group, String stream) {
    return LocalAws.arn("logs", "log-group:" + group + ":log-stream:" + stream);
  }
}
