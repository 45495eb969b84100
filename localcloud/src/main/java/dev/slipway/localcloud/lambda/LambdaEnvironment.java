package dev.slipway.localcloud.lambda;

import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.ProcessRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every function JVM gets from local mode: the environment Lambda sets (plus {@code
 * AWS_ENDPOINT_URL} to the local endpoint and dummy credentials), its log file, and the process
 * registry that lets {@code slipway down} and crash recovery find it.
 *
 * @param endpoint the local endpoint URL
 * @param logDir where each function's output goes ({@code <name>.log})
 * @param processes the registry of started processes
 */
public record LambdaEnvironment(URI endpoint, Path logDir, ProcessRegistry processes) {

  /** The runtime client's JNI library, shared read-only by every function JVM. */
  Path jniLibrary() {
    return RuntimeFiles.jniLibrary(logDir.toAbsolutePath().getParent().resolve("lambda-jni"));
  }

  Path logFile(String function) {
    return logDir.resolve(function + ".log");
  }

  /** The process environment: the function's variables, then the reserved ones Lambda sets. */
  Map<String, String> variables(FunctionConfig f, String runtimeApi) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.putAll(f.environment());
    env.put("AWS_ENDPOINT_URL", endpoint.toString());
    env.put("AWS_REGION", LocalAws.REGION);
    env.put("AWS_DEFAULT_REGION", LocalAws.REGION);
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    env.put("AWS_LAMBDA_FUNCTION_NAME", f.name());
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + f.name());
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/" + f.name());
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + (f.runtime() == null ? "java21" : f.runtime()));
    env.put("_HANDLER", f.handler());
    Path root = Files.isDirectory(f.code()) ? f.code() : f.code().toAbsolutePath().getParent();
    env.put("LAMBDA_TASK_ROOT", root.toString());
    return env;
  }
}
