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

  /**
   * The runtime client's JNI library, extracted once into {@code dir}. Left to itself the client
   * copies it to one fixed path under /tmp at every start, and JVMs starting together then map a
   * file another one is rewriting (SIGBUS in the dynamic loader); a system property points each JVM
   * at this copy instead.
   */
  public static synchronized Path jniLibrary(Path dir) {
    String name = "libaws-lambda-jni.linux-x86_64.so";
    Path target = dir.resolve(name);
    if (Files.isRegularFile(target)) {
      return target;
    }
    Path client =
        runtimeClientJars().stream()
            .filter(
                p ->
                    p.getFileName()
                        .toString()
                        .startsWith("aws-lambda-java-runtime-interface-client"))
            .findFirst()
            .orElseThrow();
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(client.toFile())) {
      java.util.zip.ZipEntry entry = zip.getEntry("jni/" + name);
      if (entry == null) {
        throw new IllegalStateException(client + " has no jni/" + name + " (unsupported platform)");
      }
      Files.createDirectories(dir);
      Path tmp = dir.resolve(name + ".tmp");
      try (var in = zip.getInputStream(entry)) {
        Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot extract the runtime client's JNI library into " + dir, e);
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
