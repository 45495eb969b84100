package dev.slipway.localcloud.codebuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a build's commands see of the host: a small environment (PATH with the shims first, podman
 * configuration, the local endpoint) and the {@code docker} / {@code aws} shims.
 */
final class BuildHost {
  private final LocalCodeBuild.Settings settings;
  private final Path shimDir;

  BuildHost(LocalCodeBuild.Settings settings) {
    this.settings = settings;
    this.shimDir = settings.stateDir().toAbsolutePath().resolve("codebuild/bin");
    writeDockerShim();
  }

  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> host = System.getenv();
    for (String key :
        List.of("HOME", "JAVA_HOME", "LANG", "USER", "MAVEN_OPTS", "M2_HOME", "TMPDIR", "TERM")) {
      if (host.containsKey(key)) {
        env.put(key, host.get(key));
      }
    }
    env.put("PATH", shimDir + ":" + host.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.putAll(settings.podmanEnvironment());
    if (settings.endpointUrl() != null) {
      env.put("AWS_ENDPOINT_URL", settings.endpointUrl());
    }
    env.put("AWS_REGION", settings.region());
    env.put("AWS_DEFAULT_REGION", settings.region());
    // the local endpoint accepts any credentials; these are placeholders, not secrets
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    return env;
  }

  private void writeDockerShim() {
    try {
      Files.createDirectories(shimDir);
      writeExecutable(
          shimDir.resolve("docker"),
          "#!/bin/sh\n# local mode: docker is podman with local mode's configuration\n"
              + "exec podman \"$@\"\n");
      // CLIs older than AWS_ENDPOINT_URL support (Debian's 2.9) would call real AWS
      writeExecutable(
          shimDir.resolve("aws"),
          """
          #!/bin/sh
          # local mode: every aws call goes to the local endpoint
          shim_dir=$(dirname "$0")
          PATH=$(printf '%s' "$PATH" | tr ':' '\\n' | grep -vx "$shim_dir" | paste -sd: -)
          export PATH
          if [ -n "$AWS_ENDPOINT_URL" ]; then exec aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; fi
          exec aws "$@"
          """);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the docker and aws shims under " + shimDir, e);
    }
  }

  private static void writeExecutable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
