package dev.slipway.localcloud.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One JDK AOT cache per function classpath (JDK 25, JEP 483/514), made in the two explicit steps so
 * a half-written cache is never mapped: the first JVM of a classpath records its class loading
 * ({@code -XX:AOTMode=record}, the configuration is written when that JVM exits); the next launch
 * assembles the cache from it in the background ({@code -XX:AOTMode=create} into a temporary file,
 * renamed when complete); later JVMs start from it ({@code -XX:AOTCache}).
 */
final class AotCaches {
  private static final Logger LOG = Logger.getLogger(AotCaches.class.getName());

  private final Path dir;
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  AotCaches(Path dir) {
    this.dir = dir;
  }

  /** The JVM options for a classpath, and the key to release when a recording JVM exits. */
  record Flags(List<String> options, String trainingKey) {}

  Flags flags(List<Path> classpath) {
    // the JDK archives classes from jar files only; a classes directory disables the cache
    if (!RuntimeFiles.aotCacheSupported() || classpath.stream().anyMatch(Files::isDirectory)) {
      return new Flags(List.of(), null);
    }
    String key = key(classpath);
    Path cache = dir.resolve(key + ".aot");
    Path config = dir.resolve(key + ".aotconf");
    if (Files.isRegularFile(cache)) {
      return new Flags(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"), null);
    }
    if (!busy.add(key)) {
      return new Flags(List.of(), null);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      busy.remove(key);
      return new Flags(List.of(), null);
    }
    if (Files.isRegularFile(config)) {
      Thread.ofVirtual().start(() -> assemble(classpath, config, cache, key));
      return new Flags(List.of(), null);
    }
    return new Flags(
        List.of(
            "-XX:AOTMode=record",
            "-XX:AOTConfiguration=" + config,
            "-Xlog:aot=off",
            "-Xlog:cds=off"),
        key);
  }

  void trainingDone(String key) {
    if (key != null) {
      busy.remove(key);
    }
  }

  private void assemble(List<Path> classpath, Path config, Path cache, String key) {
    Path tmp = dir.resolve(key + ".aot.tmp");
    try {
      Process p =
          new ProcessBuilder(
                  RuntimeFiles.java().toString(),
                  "-XX:AOTMode=create",
                  "-XX:AOTConfiguration=" + config,
                  "-XX:AOTCache=" + tmp,
                  "-Xlog:aot=off",
                  "-Xlog:cds=off",
                  "-cp",
                  classpath.stream()
                      .map(Path::toString)
                      .collect(Collectors.joining(File.pathSeparator)))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(key + ".create.log").toFile())
              .start();
      if (p.waitFor() == 0 && Files.isRegularFile(tmp)) {
        Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
      } else {
        // a configuration cut short (its JVM was killed) cannot be assembled: record again
        LOG.info("AOT cache assembly failed for " + key + "; the next JVM records again");
        Files.deleteIfExists(config);
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      LOG.info("AOT cache assembly failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      busy.remove(key);
    }
  }

  /** The cache key: classpath entries with their sizes and times, and the JVM version. */
  private static String key(List<Path> classpath) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
      for (Path p : classpath) {
        sha.update(p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        try {
          sha.update(Long.toString(Files.size(p)).getBytes(StandardCharsets.UTF_8));
          sha.update(Files.getLastModifiedTime(p).toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          sha.update((byte) 0);
        }
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
