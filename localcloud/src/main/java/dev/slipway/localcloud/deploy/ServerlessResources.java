package dev.slipway.localcloud.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.ResourceProvisioner.StackResource;
import dev.slipway.localcloud.dynamodb.LocalDynamoDb;
import dev.slipway.localcloud.lambda.FunctionConfig;
import dev.slipway.localcloud.lambda.LocalLambda;
import dev.slipway.localcloud.protocol.JsonShapeReader;
import dev.slipway.localcloud.secretsmanager.LocalSecretsManager;
import dev.slipway.localcloud.server.LocalAws;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;

/** Provisioners for Lambda, DynamoDB and Secrets Manager resources. */
public final class ServerlessResources {
  private ServerlessResources() {}

  /** Registers the provisioners on {@code deployer}. */
  public static void register(
      TemplateDeployer deployer,
      LocalLambda lambda,
      LocalDynamoDb dynamo,
      LocalSecretsManager secrets,
      boolean prewarm) {
    deployer.register("AWS::Lambda::Function", r -> function(r, lambda, prewarm));
    deployer.register("AWS::Lambda::Url", r -> functionUrl(r, lambda));
    deployer.register("AWS::Lambda::Version", r -> version(r, lambda));
    deployer.register("AWS::Lambda::Alias", r -> alias(r, lambda));
    deployer.register("AWS::DynamoDB::Table", r -> table(r, dynamo));
    deployer.register("AWS::SecretsManager::Secret", r -> secret(r, secrets));
    deployer.resolveSecretsWith(
        (id, stage) ->
            secrets
                .getSecretValue(
                    software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest
                        .builder()
                        .secretId(id)
                        .versionStage(stage)
                        .build())
                .secretString());
  }

  static Provisioned function(StackResource r, LocalLambda lambda, boolean prewarm) {
    JsonNode p = r.properties();
    String name = r.text("FunctionName", r.generatedName(64));
    JsonNode code = p.path("Code");
    if (!code.has("S3Key")) {
      throw new TemplateException(
          "function code must be a packaged asset (Code.S3Key); inline code is not supported for Java");
    }
    Map<String, String> env = new LinkedHashMap<>();
    p.path("Environment")
        .path("Variables")
        .properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    boolean snapStart = snapStart(name, p);
    FunctionConfig config =
        new FunctionConfig(
            name,
            r.text("Handler", null),
            r.text("Runtime", "java21"),
            p.path("MemorySize").asInt(128),
            p.path("Timeout").asInt(3),
            env,
            r.assets().file(code.path("S3Key").asText()),
            p.has("ReservedConcurrentExecutions")
                ? p.path("ReservedConcurrentExecutions").asInt()
                : null,
            snapStart,
            FunctionConfig.LATEST,
            r.properties().path("LoggingConfig").has("LogGroup")
                ? Intrinsics.text(r.properties().path("LoggingConfig").path("LogGroup"))
                : null);
    if (config.handler() == null) {
      throw new TemplateException("function " + name + " has no Handler");
    }
    // with SnapStart, what serves is a published version, initialized when it is published
    lambda.deploy(config, prewarm && !snapStart);
    return new Provisioned(name, Map.of("Arn", config.arn()));
  }

  /**
   * {@code SnapStart.ApplyOn}: {@code PublishedVersions} or {@code None}. Lambda refuses SnapStart
   * with ephemeral storage over 512 MB or an EFS file system (the SnapStart guide's limitations).
   */
  static boolean snapStart(String name, JsonNode p) {
    String applyOn = p.path("SnapStart").path("ApplyOn").asText("None");
    if (!applyOn.equals("None") && !applyOn.equals("PublishedVersions")) {
      throw new TemplateException(
          "function "
              + name
              + ": SnapStart.ApplyOn must be PublishedVersions or None, got "
              + applyOn);
    }
    if (applyOn.equals("None")) {
      return false;
    }
    int storage = p.path("EphemeralStorage").path("Size").asInt(512);
    if (storage > 512) {
      throw new TemplateException(
          "function "
              + name
              + ": SnapStart does not support ephemeral storage over 512 MB (EphemeralStorage.Size "
              + storage
              + ")");
    }
    if (p.path("FileSystemConfigs").size() > 0) {
      throw new TemplateException(
          "function " + name + ": SnapStart does not support Amazon EFS (FileSystemConfigs)");
    }
    return true;
  }

  /**
   * A published version; with SnapStart, local mode initializes it now and runs its checkpoint
   * hooks, as Lambda does before the version is ready (a failing init fails the resource).
   */
  static Provisioned version(StackResource r, LocalLambda lambda) {
    String function = r.text("FunctionName", null);
    if (function == null) {
      throw new TemplateException(r.logicalId() + ": AWS::Lambda::Version needs FunctionName");
    }
    if (r.properties().has("ProvisionedConcurrencyConfig") && lambda.snapStart(function)) {
      throw new TemplateException(
          r.logicalId() + ": SnapStart does not support provisioned concurrency");
    }
    String number;
    try {
      number = lambda.publishVersion(function, java.time.Duration.ofMinutes(2));
    } catch (AwsServiceException e) {
      throw new TemplateException(r.logicalId() + ": " + e.awsErrorDetails().errorMessage());
    }
    String name = LocalAws.nameFromArn(function, ":function:").replaceFirst(":.*", "");
    String arn = LocalAws.arn("lambda", "function:" + name + ":" + number);
    return new Provisioned(arn, Map.of("Version", number, "FunctionArn", arn));
  }

  /** An alias to a published version (or {@code $LATEST}). */
  static Provisioned alias(StackResource r, LocalLambda lambda) {
    String function = r.text("FunctionName", null);
    String alias = r.text("Name", null);
    String version = r.text("FunctionVersion", null);
    if (function == null || alias == null || version == null) {
      throw new TemplateException(
          r.logicalId() + ": AWS::Lambda::Alias needs FunctionName, Name and FunctionVersion");
    }
    if (r.properties().has("ProvisionedConcurrencyConfig") && lambda.snapStart(function)) {
      throw new TemplateException(
          r.logicalId() + ": SnapStart does not support provisioned concurrency");
    }
    String arn;
    try {
      arn = lambda.alias(function, alias, version);
    } catch (AwsServiceException e) {
      throw new TemplateException(r.logicalId() + ": " + e.awsErrorDetails().errorMessage());
    }
    return new Provisioned(arn, Map.of("AliasArn", arn));
  }

  static Provisioned functionUrl(StackResource r, LocalLambda lambda) {
    String target = r.text("TargetFunctionArn", null);
    String name = LocalAws.nameFromArn(target, ":function:");
    String qualifier = r.text("Qualifier", null);
    int colon = name.indexOf(':');
    if (colon >= 0) {
      qualifier = qualifier == null ? name.substring(colon + 1) : qualifier;
      name = name.substring(0, colon);
    }
    if (!lambda.names().contains(name)) {
      throw new TemplateException("function URL target " + target + " is not deployed");
    }
    try {
      lambda.functionUrl(name, qualifier);
    } catch (AwsServiceException e) {
      throw new TemplateException(
          r.logicalId() + ": function URL target: " + e.awsErrorDetails().errorMessage());
    }
    String arn = LocalAws.arn("lambda", "function:" + name);
    return new Provisioned(
        arn, Map.of("FunctionUrl", lambda.functionUrl(name), "FunctionArn", arn));
  }

  static Provisioned table(StackResource r, LocalDynamoDb dynamo) {
    String name = r.text("TableName", r.generatedName(255));
    CreateTableRequest.Builder b = CreateTableRequest.builder();
    JsonShapeReader.readInto(
        (software.amazon.awssdk.core.SdkPojo) b, r.properties(), r.logicalId());
    CreateTableRequest request = b.tableName(name).build();
    if (!exists(
        () -> dynamo.describeTable(DescribeTableRequest.builder().tableName(name).build()))) {
      dynamo.createTable(request);
    }
    JsonNode ttl = r.properties().path("TimeToLiveSpecification");
    if (ttl.path("Enabled").asBoolean(false)) {
      dynamo.enableTtl(name, ttl.path("AttributeName").asText());
    }
    String arn = LocalAws.arn("dynamodb", "table/" + name);
    return new Provisioned(name, Map.of("Arn", arn, "StreamArn", arn + "/stream/local"));
  }

  /**
   * A secret is created once with a generated value ({@code GenerateSecretString}) and kept across
   * redeploys and restarts; the value is never printed.
   */
  static Provisioned secret(StackResource r, LocalSecretsManager secrets) {
    String name = r.text("Name", r.generatedName(256));
    if (!exists(
        () -> secrets.describeSecret(DescribeSecretRequest.builder().secretId(name).build()))) {
      JsonNode gen = r.properties().path("GenerateSecretString");
      String value = r.text("SecretString", null);
      if (value == null && !gen.isMissingNode()) {
        String generated =
            secrets.generate(
                gen.path("PasswordLength").asInt(32),
                gen.path("ExcludePunctuation").asBoolean(false),
                gen.path("ExcludeCharacters").isMissingNode()
                    ? null
                    : gen.path("ExcludeCharacters").asText());
        if (gen.has("SecretStringTemplate") && gen.has("GenerateStringKey")) {
          try {
            var template =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                    dev.slipway.localcloud.protocol.Json.MAPPER.readTree(
                        gen.path("SecretStringTemplate").asText());
            template.put(gen.path("GenerateStringKey").asText(), generated);
            generated = template.toString();
          } catch (java.io.IOException e) {
            throw new TemplateException("SecretStringTemplate is not JSON");
          }
        }
        value = generated;
      }
      secrets.createSecret(
          CreateSecretRequest.builder()
              .name(name)
              .description(r.text("Description", null))
              .secretString(value)
              .build());
    }
    String arn =
        secrets.describeSecret(DescribeSecretRequest.builder().secretId(name).build()).arn();
    return new Provisioned(arn, Map.of("Id", arn));
  }

  static boolean exists(Runnable describe) {
    try {
      describe.run();
      return true;
    } catch (AwsServiceException e) {
      return false;
    }
  }
}
