package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.protocol.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** DynamoDB's error codes and messages. */
final class DynamoErrors {
  private DynamoErrors() {}

  static AwsServiceException validation(String message) {
    return AwsErrors.generic(400, "ValidationException", message);
  }

  static AwsServiceException syntax(String expression, String problem, int position) {
    return validation(
        "Invalid expression: Syntax error; "
            + problem
            + " near char "
            + position
            + " of \""
            + expression
            + "\"");
  }

  static AwsServiceException tableNotFound(String table) {
    return AwsErrors.of(
        ResourceNotFoundException.builder(),
        400,
        "ResourceNotFoundException",
        "Requested resource not found: Table: " + table + " not found");
  }

  static AwsServiceException conditionFailed() {
    return AwsErrors.of(
        ConditionalCheckFailedException.builder(),
        400,
        "ConditionalCheckFailedException",
        "The conditional request failed");
  }
}
