package dev.slipway.localcloud.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Podman's configuration for one local mode, selected only through environment variables.
 *
 * <p>The project's {@code containers.conf}, {@code storage.conf} and {@code registries.conf}
 * (resources next to this class) are written under {@code <stateDir>/podman/} with the state
 * directory filled in. Every podman call local mode makes — its own and the {@code docker} shim a
 * buildspec sees — runs with {@link #variables()}, so nothing in /etc is read or changed and two
 * local modes with different state directories never see each other's containers or images.
 */
public final class PodmanEnvironment {
  private static final String[] FILES = {"containers.conf", "storage.conf", "registries.conf"};

  private final Path stateDir;
  private final Path configDir;

  private PodmanEnvironment(Path stateDir) {
    this.stateDir = stateDir.toAbsolutePath().normalize();
    this.configDir = this.stateDir.resolve("podman");
  }

  /** Writes the configuration files under {@code stateDir/podman} (idempotent). */
  public static PodmanEnvironment create(Path stateDir) {
    PodmanEnvironment env = new PodmanEnvironment(stateDir);
    env.writeFiles();
    return env;
  }

  /** The state directory this configuration keeps podman's storage and runtime files in. */
  public Path stateDir() {
    return stateDir;
  }

  /** Directory holding the rendered configuration files (and podman's storage below it). */
  public Path configDir() {
    return configDir;
  }

  /** The credentials file {@code podman login} (and {@code docker login} via the shim) writes. */
  public Path authFile() {
    return configDir.resolve("auth.json");
  }

  /**
   * The environment variables that select this configuration. Add them to every podman process;
   * {@code REGISTRY_AUTH_FILE} must not reach {@code docker-registry}, which reads REGISTRY_*
   * variables as its own settings.
   */
  public Map<String, String> variables() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("CONTAINERS_CONF", configDir.resolve("containers.conf").toString());
    vars.put("CONTAINERS_STORAGE_CONF", configDir.resolve("storage.conf").toString());
    vars.put("CONTAINERS_REGISTRIES_CONF", configDir.resolve("registries.conf").toString());
    vars.put("REGISTRY_AUTH_FILE", authFile().toString());
    return vars;
  }

  private void writeFiles() {
    try {
      Files.createDirectories(configDir);
      for (String name : FILES) {
        String rendered = template(name).replace("@STATE_DIR@", stateDir.toString());
        Path target = configDir.resolve(name);
        if (!Files.exists(target) || !Files.readString(target).equals(rendered)) {
          Files.writeString(target, rendered);
        }
      }
      if (!Files.exists(authFile())) {
        // podman refuses a REGISTRY_AUTH_FILE that does not exist
        Files.writeString(authFile(), "{}\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write podman configuration under " + configDir, e);
    }
  }

  private static String template(String name) throws IOException {
    try (InputStream in = PodmanEnvironment.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource " + name + " is missing from the localcloud jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
