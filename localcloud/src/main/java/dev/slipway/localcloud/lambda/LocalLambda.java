package dev.slipway.localcloud.lambda;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.CreateFunctionUrlConfigRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.DeleteFunctionRequest;
import software.amazon.awssdk.services.lambda.model.DeleteFunctionResponse;
import software.amazon.awssdk.services.lambda.model.EnvironmentResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasRequest;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ListAliasesRequest;
import software.amazon.awssdk.services.lambda.model.ListAliasesResponse;
import software.amazon.awssdk.services.lambda.model.ListFunctionsRequest;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.ListVersionsByFunctionRequest;
import software.amazon.awssdk.services.lambda.model.ListVersionsByFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.SnapStartResponse;

/**
 * Lambda: functions run as warm JVMs under the Runtime API ({@link FunctionPool}); the Invoke API
 * (RequestResponse, Event with two retries as Lambda does for asynchronous calls, DryRun) and
 * function URLs.
 */
public final class LocalLambda implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalLambda.class.getName());
  private static final int DEFAULT_CONCURRENCY = 4;

  /** Invoke's payload limits (the Invoke API reference): 6 MB synchronous, 1 MB asynchronous. */
  static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;

  static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;

  private final LambdaEnvironment env;
  private final AotCaches aot;
  private final Path codeDir;
  private final Map<String, FunctionPool> functions = new ConcurrentHashMap<>();

  /** Published versions by {@code name:number}, each with its own JVMs. */
  private final Map<String, FunctionPool> versions = new ConcurrentHashMap<>();

  /** Aliases: {@code name:alias} to a version number. */
  private final Map<String, String> aliases = new ConcurrentHashMap<>();

  /** The qualifier each function's URL invokes ({@code $LATEST} unless the URL is an alias's). */
  private final Map<String, String> urlQualifiers = new ConcurrentHashMap<>();

  private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();
  private final Duration asyncRetryDelay;

  /** Functions keep code and AOT caches under {@code stateDir/lambda}. */
  public LocalLambda(LambdaEnvironment env, Path stateDir, Duration asyncRetryDelay) {
    this.env = env;
    this.aot = new AotCaches(stateDir.resolve("lambda/aot"));
    this.codeDir = stateDir.resolve("lambda/code");
    this.asyncRetryDelay = asyncRetryDelay;
  }

  /** Creates or replaces a function (the template deployer's entry); its old JVMs are stopped. */
  public void deploy(FunctionConfig config, boolean prewarm) {
    FunctionPool old = functions.get(config.name());
    if (old != null && old.config().equals(config)) {
      return;
    }
    FunctionPool pool = new FunctionPool(config, env, aot, DEFAULT_CONCURRENCY);
    functions.put(config.name(), pool);
    if (old != null) {
      old.close();
    }
    if (prewarm) {
      try {
        pool.prewarm();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a JVM for function " + config.name(), e);
      }
    }
  }

  /** Removes a function, its versions and aliases, and stops their JVMs. */
  public void remove(String name) {
    FunctionPool pool = functions.remove(name);
    if (pool != null) {
      pool.close();
    }
    versions.keySet().removeIf(k -> k.startsWith(name + ":") && closeVersion(k));
    aliases.keySet().removeIf(k -> k.startsWith(name + ":"));
    urlQualifiers.remove(name);
  }

  private boolean closeVersion(String key) {
    versions.get(key).close();
    return true;
  }

  /**
   * PublishVersion: the function's current code and configuration as an immutable numbered version;
   * the latest version again when nothing changed since it was published, as Lambda does. With
   * SnapStart on, the version is initialized now, as Lambda initializes it to take its snapshot:
   * the runtime's checkpoint hooks run ({@code beforeCheckpoint}), then it is resumed ({@code
   * afterRestore}) and kept warm. A version whose init or hooks fail is not published.
   *
   * @return the version number
   */
  public synchronized String publishVersion(String nameOrArn, Duration snapshotLimit) {
    FunctionConfig base = pool(nameOrArn).config();
    int latest = 0;
    for (FunctionPool v : versions.values()) {
      FunctionConfig c = v.config();
      if (c.name().equals(base.name())) {
        int n = Integer.parseInt(c.version());
        if (n > latest) {
          latest = n;
        }
      }
    }
    if (latest > 0
        && versions
            .get(base.name() + ":" + latest)
            .config()
            .equals(base.published(Integer.toString(latest)))) {
      return Integer.toString(latest);
    }
    String number = Integer.toString(latest + 1);
    FunctionPool pool = new FunctionPool(base.published(number), env, aot, DEFAULT_CONCURRENCY);
    if (base.snapStart()) {
      String failure = pool.snapshot(snapshotLimit);
      if (failure != null) {
        pool.close();
        throw AwsErrors.generic(
            400,
            "InvalidParameterValueException",
            "SnapStart initialization of "
                + base.versionArn()
                + ":"
                + number
                + " failed: "
                + failure
                + " (the function's log has the hook's exception: slipway logs "
                + base.name()
                + ")");
      }
    }
    versions.put(base.name() + ":" + number, pool);
    return number;
  }

  /** CreateAlias / UpdateAlias: {@code alias} of the function points at {@code version}. */
  public String alias(String nameOrArn, String alias, String version) {
    FunctionConfig base = pool(nameOrArn).config();
    if (!alias.matches("(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}") || alias.equals(FunctionConfig.LATEST)) {
      throw AwsErrors.generic(
          400,
          "ValidationException",
          "1 validation error detected: Value '"
              + alias
              + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
    }
    if (!version.equals(FunctionConfig.LATEST)
        && !versions.containsKey(base.name() + ":" + version)) {
      throw AwsErrors.of(
          ResourceNotFoundException.builder(),
          404,
          "ResourceNotFoundException",
          "Function not found: " + base.arn() + ":" + version);
    }
    aliases.put(base.name() + ":" + alias, version);
    return base.arn() + ":" + alias;
  }

  /** Whether the function has SnapStart on for its published versions. */
  public boolean snapStart(String nameOrArn) {
    return pool(nameOrArn).config().snapStart();
  }

  /** Points the function's URL at {@code qualifier} ({@code $LATEST} or an alias). */
  public void functionUrl(String name, String qualifier) {
    String target = qualifier == null || qualifier.isEmpty() ? FunctionConfig.LATEST : qualifier;
    pool(name + (target.equals(FunctionConfig.LATEST) ? "" : ":" + target));
    urlQualifiers.put(name, target);
  }

  /** What the function's URL invokes: {@code name} or {@code name:<alias>}. */
  String urlTarget(String name) {
    String q = urlQualifiers.getOrDefault(name, FunctionConfig.LATEST);
    return q.equals(FunctionConfig.LATEST) ? name : name + ":" + q;
  }

  /** Invokes synchronously (in-process callers: Step Functions, EventBridge, function URLs). */
  public InvocationResult invoke(String nameOrArn, byte[] payload) {
    FunctionPool pool = pool(nameOrArn);
    try {
      return pool.invoke(payload);
    } catch (IOException e) {
      throw AwsErrors.generic(
          500,
          "ServiceException",
          "cannot start function " + pool.config().name() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AwsErrors.generic(500, "ServiceException", "invocation interrupted");
    }
  }

  public InvokeResponse invoke(InvokeRequest r) {
    String function = AwsErrors.required(r.functionName(), "functionName");
    FunctionPool pool =
        pool(
            r.qualifier() == null || r.qualifier().isEmpty()
                ? function
                : function + ":" + r.qualifier());
    byte[] payload =
        r.payload() == null
            ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : r.payload().asByteArray();
    int limit = r.invocationType() == InvocationType.EVENT ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
    if (payload.length > limit) {
      throw AwsErrors.generic(
          413,
          "RequestEntityTooLargeException",
          "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
    }
    if (r.invocationType() == InvocationType.DRY_RUN) {
      return InvokeResponse.builder().statusCode(204).build();
    }
    if (r.invocationType() == InvocationType.EVENT) {
      async.submit(() -> invokeWithRetries(pool.config().versionArn(), payload));
      return InvokeResponse.builder().statusCode(202).build();
    }
    InvocationResult result = invoke(pool.config().versionArn(), payload);
    return InvokeResponse.builder()
        .statusCode(200)
        .executedVersion(pool.config().version())
        .functionError(result.functionError())
        .payload(SdkBytes.fromByteArray(result.payload()))
        .build();
  }

  private void invokeWithRetries(String name, byte[] payload) {
    Duration delay = asyncRetryDelay;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        if (invoke(name, payload).succeeded()) {
          return;
        }
        Thread.sleep(delay);
        delay = delay.multipliedBy(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warning("asynchronous invocation of " + name + " failed: " + e.getMessage());
      }
    }
    LOG.warning(
        "asynchronous invocation of " + name + " failed 3 times; dropped (no DLQ in local mode)");
  }

  public CreateFunctionResponse createFunction(CreateFunctionRequest r) {
    String name = AwsErrors.required(r.functionName(), "functionName");
    if (functions.containsKey(name)) {
      throw AwsErrors.of(
          ResourceConflictException.builder(),
          409,
          "ResourceConflictException",
          "Function already exist: " + name);
    }
    if (r.code() == null || r.code().zipFile() == null) {
      throw AwsErrors.generic(
          400,
          "InvalidParameterValueException",
          "local mode takes function code as Code.ZipFile (a jar)");
    }
    Path jar = codeDir.resolve(name + ".jar");
    try {
      Files.createDirectories(codeDir);
      Files.write(jar, r.code().zipFile().asByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FunctionConfig config =
        new FunctionConfig(
            name,
            AwsErrors.required(r.handler(), "handler"),
            r.runtimeAsString(),
            r.memorySize() == null ? 128 : r.memorySize(),
            r.timeout() == null ? 3 : r.timeout(),
            r.environment() == null ? Map.of() : r.environment().variables(),
            jar,
            null);
    deploy(config, false);
    FunctionConfiguration c = configuration(config);
    return CreateFunctionResponse.builder()
        .functionName(c.functionName())
        .functionArn(c.functionArn())
        .handler(c.handler())
        .runtime(c.runtime())
        .memorySize(c.memorySize())
        .timeout(c.timeout())
        .state(c.state())
        .build();
  }

  public GetFunctionResponse getFunction(GetFunctionRequest r) {
    return GetFunctionResponse.builder()
        .configuration(configuration(pool(qualified(r.functionName(), r.qualifier())).config()))
        .build();
  }

  public GetFunctionConfigurationResponse getFunctionConfiguration(
      GetFunctionConfigurationRequest r) {
    FunctionConfiguration c =
        configuration(pool(qualified(r.functionName(), r.qualifier())).config());
    return GetFunctionConfigurationResponse.builder()
        .functionName(c.functionName())
        .functionArn(c.functionArn())
        .handler(c.handler())
        .runtime(c.runtime())
        .memorySize(c.memorySize())
        .timeout(c.timeout())
        .version(c.version())
        .environment(c.environment())
        .snapStart(c.snapStart())
        .state(c.state())
        .build();
  }

  /**
   * ListVersionsByFunction: {@code $LATEST} (its ARN qualified with {@code $LATEST}, as Lambda
   * lists it) then each published version in order.
   */
  public ListVersionsByFunctionResponse listVersionsByFunction(ListVersionsByFunctionRequest r) {
    FunctionConfig latest = pool(r.functionName()).config();
    List<FunctionConfiguration> out = new ArrayList<>();
    out.add(
        configuration(latest).toBuilder()
            .functionArn(latest.arn() + ":" + FunctionConfig.LATEST)
            .build());
    versions.values().stream()
        .map(FunctionPool::config)
        .filter(c -> c.name().equals(latest.name()))
        .sorted(java.util.Comparator.comparingInt(c -> Integer.parseInt(c.version())))
        .forEach(c -> out.add(configuration(c)));
    return ListVersionsByFunctionResponse.builder().versions(out).build();
  }

  /** ListAliases: the function's aliases by name, optionally only those of one version. */
  public ListAliasesResponse listAliases(ListAliasesRequest r) {
    FunctionConfig c = pool(r.functionName()).config();
    List<AliasConfiguration> out = new ArrayList<>();
    aliases.entrySet().stream()
        .filter(e -> e.getKey().startsWith(c.name() + ":"))
        .filter(e -> r.functionVersion() == null || r.functionVersion().equals(e.getValue()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add(alias(c, e.getKey().substring(c.name().length() + 1))));
    return ListAliasesResponse.builder().aliases(out).build();
  }

  /** GetAlias, or Lambda's ResourceNotFoundException naming the alias ARN. */
  public GetAliasResponse getAlias(GetAliasRequest r) {
    FunctionConfig c = pool(r.functionName()).config();
    String name = AwsErrors.required(r.name(), "name");
    if (!aliases.containsKey(c.name() + ":" + name)) {
      throw AwsErrors.of(
          ResourceNotFoundException.builder(),
          404,
          "ResourceNotFoundException",
          "Cannot find alias arn: " + c.arn() + ":" + name);
    }
    AliasConfiguration a = alias(c, name);
    return GetAliasResponse.builder()
        .aliasArn(a.aliasArn())
        .name(a.name())
        .functionVersion(a.functionVersion())
        .revisionId(a.revisionId())
        .build();
  }

  private AliasConfiguration alias(FunctionConfig function, String name) {
    String version = aliases.get(function.name() + ":" + name);
    return AliasConfiguration.builder()
        .aliasArn(function.arn() + ":" + name)
        .name(name)
        .functionVersion(version)
        .revisionId(
            UUID.nameUUIDFromBytes(
                    (function.name() + ":" + name + ":" + version)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString())
        .build();
  }

  /** {@code name} with the request's qualifier, when it gives one. */
  private static String qualified(String nameOrArn, String qualifier) {
    return qualifier == null || qualifier.isEmpty() ? nameOrArn : nameOrArn + ":" + qualifier;
  }

  public ListFunctionsResponse listFunctions(ListFunctionsRequest r) {
    List<FunctionConfiguration> out = new ArrayList<>();
    functions.values().stream()
        .map(FunctionPool::config)
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .forEach(c -> out.add(configuration(c)));
    return ListFunctionsResponse.builder().functions(out).build();
  }

  public DeleteFunctionResponse deleteFunction(DeleteFunctionRequest r) {
    remove(pool(r.functionName()).config().name());
    return DeleteFunctionResponse.builder().build();
  }

  public CreateFunctionUrlConfigResponse createFunctionUrlConfig(CreateFunctionUrlConfigRequest r) {
    FunctionConfig c = pool(r.functionName()).config();
    return CreateFunctionUrlConfigResponse.builder()
        .functionArn(c.arn())
        .functionUrl(functionUrl(c.name()))
        .authType(r.authType())
        .build();
  }

  public GetFunctionUrlConfigResponse getFunctionUrlConfig(GetFunctionUrlConfigRequest r) {
    FunctionConfig c = pool(r.functionName()).config();
    String qualifier = r.qualifier() == null ? FunctionConfig.LATEST : r.qualifier();
    if (!qualifier.equals(urlQualifiers.getOrDefault(c.name(), FunctionConfig.LATEST))) {
      throw AwsErrors.of(
          ResourceNotFoundException.builder(),
          404,
          "ResourceNotFoundException",
          "The resource you requested does not exist.");
    }
    return GetFunctionUrlConfigResponse.builder()
        .functionArn(qualifier.equals(FunctionConfig.LATEST) ? c.arn() : c.arn() + ":" + qualifier)
        .functionUrl(functionUrl(c.name()))
        .authType("NONE")
        .build();
  }

  /** The local function URL: {@code http://127.0.0.1:4566/lambda-url/<name>/}. */
  public String functionUrl(String name) {
    return env.endpoint() + FunctionUrlRoute.PREFIX + name + "/";
  }

  /** The deployed function names. */
  public List<String> names() {
    return functions.keySet().stream().sorted().toList();
  }

  /** Pids of each function's running JVMs ({@code name}, and {@code name:N} for versions). */
  public Map<String, List<Long>> pids() {
    Map<String, List<Long>> out = new java.util.TreeMap<>();
    functions.forEach((k, v) -> out.put(k, v.pids()));
    versions.forEach((k, v) -> out.put(k, v.pids()));
    return out;
  }

  /** True when every started function JVM has initialized and polls for work. */
  public boolean allWarm() {
    return functions.values().stream().allMatch(FunctionPool::warm)
        && versions.values().stream().allMatch(FunctionPool::warm);
  }

  /** Each function's (and version's, {@code name:N}) cold-start invocations so far. */
  public Map<String, List<InvocationResult>> coldStarts() {
    Map<String, List<InvocationResult>> out = new java.util.TreeMap<>();
    functions.forEach((k, v) -> out.put(k, v.coldStarts()));
    versions.forEach((k, v) -> out.put(k, v.coldStarts()));
    return out;
  }

  /**
   * The JVMs that serve a function name or ARN, unqualified or with a qualifier: {@code $LATEST}, a
   * version number or an alias.
   */
  private FunctionPool pool(String nameOrArn) {
    String name = LocalAws.nameFromArn(nameOrArn, ":function:");
    String qualifier = FunctionConfig.LATEST;
    int colon = name.indexOf(':');
    if (colon >= 0) {
      qualifier = name.substring(colon + 1);
      name = name.substring(0, colon);
    }
    FunctionPool pool = functions.get(name);
    if (pool != null && !qualifier.equals(FunctionConfig.LATEST)) {
      String version = aliases.getOrDefault(name + ":" + qualifier, qualifier);
      pool = version.equals(FunctionConfig.LATEST) ? pool : versions.get(name + ":" + version);
    }
    if (pool == null) {
      throw AwsErrors.of(
          ResourceNotFoundException.builder(),
          404,
          "ResourceNotFoundException",
          "Function not found: "
              + LocalAws.arn("lambda", "function:" + name)
              + (qualifier.equals(FunctionConfig.LATEST) ? "" : ":" + qualifier));
    }
    return pool;
  }

  /**
   * Per SnapStart version ({@code name:N}), milliseconds from its JVM's launch to the checkpoint:
   * init and the {@code beforeCheckpoint} hooks, which Lambda runs when it publishes the version.
   */
  public Map<String, Long> snapshotMillis() {
    Map<String, Long> out = new java.util.TreeMap<>();
    versions.forEach(
        (k, v) -> {
          if (v.snapshotMillis() >= 0) {
            out.put(k, v.snapshotMillis());
          }
        });
    return out;
  }

  private FunctionConfiguration configuration(FunctionConfig c) {
    return FunctionConfiguration.builder()
        .functionName(c.name())
        .functionArn(c.versionArn())
        .handler(c.handler())
        .runtime(c.runtime())
        .memorySize(c.memoryMb())
        .timeout(c.timeoutSeconds())
        .version(c.version())
        .snapStart(
            SnapStartResponse.builder()
                .applyOn(c.snapStart() ? "PublishedVersions" : "None")
                .optimizationStatus(
                    c.snapStart() && !c.version().equals(FunctionConfig.LATEST) ? "On" : "Off")
                .build())
        .environment(EnvironmentResponse.builder().variables(c.environment()).build())
        .state("Active")
        .lastUpdateStatus("Successful")
        .packageType("Zip")
        .build();
  }

  /** Stops every function JVM. */
  @Override
  public void close() {
    async.shutdownNow();
    functions.values().parallelStream().forEach(FunctionPool::close);
    versions.values().parallelStream().forEach(FunctionPool::close);
    functions.clear();
    versions.clear();
  }
}
