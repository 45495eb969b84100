package dev.slipway.localcloud.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JDK AOT cache per function classpath (JDK 25, JEP 514/515): the first JVM of a classpath
 * records one ({@code -XX:AOTCacheOutput}, written when that JVM exits), later JVMs start from it
 * ({@code -XX:AOTCache}), which cuts JVM start to first response by about half on this machine.
 */
final class AotCaches {
  private final Path dir;
  private final Set<String> training = ConcurrentHashMap.newKeySet();

  AotCaches(Path dir) {
    this.dir = dir;
  }

  /** The JVM options for a classpath, and the key to release when the training JVM exits. */
  record Flags(List<String> options, String trainingKey) {}

  Flags flags(List<Path> classpath) {
    // the JDK archives classes from jar files only; a classes directory disables the cache
    if (!RuntimeFiles.aotCacheSupported() || classpath.stream().anyMatch(Files::isDirectory)) {
      return new Flags(List.of(), null);
    }
    String key = key(classpath);
    Path cache = dir.resolve(key + ".aot");
    if (Files.isRegularFile(cache)) {
      return new Flags(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"), null);
    }
    if (training.add(key)) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        training.remove(key);
        return new Flags(List.of(), null);
      }
      return new Flags(
          List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"), key);
    }
    return new Flags(List.of(), null);
  }

  void trainingDone(String key) {
    if (key != null) {
      training.remove(key);
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
