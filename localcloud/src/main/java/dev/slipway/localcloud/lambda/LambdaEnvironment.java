package dev.slipway.localcloud.lambda;

import dev.slipway.localcloud.logs.LogSink;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.ProcessRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What every function JVM gets from local mode: the environment Lambda sets (plus {@code
 * AWS_ENDPOINT_URL} to the local endpoint and its execution role's credentials), its log file, and
 * the process registry that lets {@code slipway down} and crash recovery find it.
 *
 * @param endpoint the local endpoint URL
 * @param logDir where each function's output goes ({@code <name>.log})
 * @param processes the registry of started processes
 * @param credentials a function's credentials by function name: its execution role's session keys
 *     ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN})
 * @param logs where each JVM's output lines go in CloudWatch Logs, as Lambda sends them: the
 *     function's log group, one stream per JVM
 */
public record LambdaEnvironment(
    URI endpoint,
    Path logDir,
    ProcessRegistry processes,
    Function<String, Map<String, String>> credentials,
    LogSink logs) {

  /** Dummy credentials that identify no role: calls act as an administrator. */
  public static final Map<String, String> ADMINISTRATOR =
      Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local");

  /** Every function gets the administrator's dummy credentials. */
  public LambdaEnvironment(URI endpoint, Path logDir, ProcessRegistry processes) {
    this(endpoint, logDir, processes, name -> ADMINISTRATOR, LogSink.NONE);
  }

  /** The functions' output goes to their log files only. */
  public LambdaEnvironment(
      URI endpoint,
      Path logDir,
      ProcessRegistry processes,
      Function<String, Map<String, String>> credentials) {
    this(endpoint, logDir, processes, credentials, LogSink.NONE);
  }

  /** The runtime client's JNI library, shared read-only by every function JVM. */
  Path jniLibrary() {
    return RuntimeFiles.jniLibrary(logDir.toAbsolutePath().getParent().resolve("lambda-jni"));
  }

  Path logFile(String function) {
    return logDir.resolve(function + ".log");
  }

  /** The process environment: the function's variables, then the reserved ones Lambda sets. */
  Map<String, String> variables(FunctionConfig f, String runtimeApi, String logStream) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.putAll(f.environment());
    env.put("AWS_ENDPOINT_URL", endpoint.toString());
    env.put("AWS_REGION", LocalAws.REGION);
    env.put("AWS_DEFAULT_REGION", LocalAws.REGION);
    env.remove("AWS_SESSION_TOKEN");
    env.putAll(credentials.apply(f.name()));
    env.put("AWS_LAMBDA_FUNCTION_NAME", f.name());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", f.version());
    env.put(
        "AWS_LAMBDA_INITIALIZATION_TYPE", f.restoresFromSnapshot() ? "snap-start" : "on-demand");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", f.logGroup());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + (f.runtime() == null ? "java21" : f.runtime()));
    env.put("_HANDLER", f.handler());
    Path root = Files.isDirectory(f.code()) ? f.code() : f.code().toAbsolutePath().getParent();
    env.put("LAMBDA_TASK_ROOT", root.toString());
    return env;
  }
}
