package dev.slipway.localcloud.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the function JVMs' own files are: the {@code java} launcher (the JDK running local mode)
 * and the runtime interface client with its dependencies ({@code target/lambda-runtime}, next to
 * {@code slipway.jar} and to the compiled classes).
 */
public final class RuntimeFiles {
  private RuntimeFiles() {}

  /** The java launcher of this JDK. */
  public static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** True when the JDK supports the JDK 25 AOT cache (-XX:AOTCache). */
  public static boolean aotCacheSupported() {
    return Runtime.version().feature() >= 25;
  }

  /** The runtime interface client jars; fails with what to do when they are missing. */
  public static List<Path> runtimeClientJars() {
    Path dir = runtimeDir();
    try (Stream<Path> jars = Files.list(dir)) {
      List<Path> out =
          new ArrayList<>(jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
      if (out.stream()
          .noneMatch(
              p ->
                  p.getFileName()
                      .toString()
                      .startsWith("aws-lambda-java-runtime-interface-client"))) {
        throw new IllegalStateException(missing(dir));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(missing(dir), e);
    }
  }

  private static String missing(Path dir) {
    return "the Lambda runtime interface client is missing from "
        + dir
        + "; rebuild local mode (./slipway rebuilds it, or mvn -pl localcloud package)";
  }

  private static Path runtimeDir() {
    String override = System.getProperty("slipway.lambdaRuntime");
    if (override != null) {
      return Path.of(override);
    }
    try {
      Path location =
          Path.of(RuntimeFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // target/classes or target/slipway.jar: both sit in target/, beside target/lambda-runtime
      return location.getParent().resolve("lambda-runtime");
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }

  /** The classpath of a function: its code (jar, or directory + lib/*.jar), then the client. */
  public static List<Path> classpath(Path code) {
    List<Path> cp = new ArrayList<>();
    cp.add(code);
    Path lib = code.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> jars = Files.list(lib)) {
        jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(cp::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    cp.addAll(runtimeClientJars());
    return cp;
  }
}
