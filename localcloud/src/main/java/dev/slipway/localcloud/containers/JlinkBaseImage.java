package dev.slipway.localcloud.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds local mode's Java base image from the host's JDK: a jlink runtime ({@code java.base,
 * jdk.httpserver, java.logging}, {@code --compress=zip-6 --strip-debug}) plus the glibc files
 * {@code ldd} lists for it, {@code FROM scratch}. No base image can be pulled on this machine, so a
 * service's Dockerfile takes this image as its {@code BASE_IMAGE} build arg (on AWS the same
 * Dockerfile takes a public JRE image).
 *
 * <p>The tag carries a hash of the JDK release and the modules, so an existing image is reused and
 * a JDK upgrade builds a new one.
 */
public final class JlinkBaseImage {
  /** The modules a plain JDK-HttpServer service needs. */
  public static final List<String> DEFAULT_MODULES =
      List.of("java.base", "jdk.httpserver", "java.logging");

  private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s+)?(/\\S+)\\s+\\(0x");

  private final Podman podman;
  private final Path javaHome;
  private final List<String> modules;

  /** A builder for the runtime of {@code javaHome} with {@code modules}. */
  public JlinkBaseImage(Podman podman, Path javaHome, List<String> modules) {
    this.podman = podman;
    this.javaHome = javaHome;
    this.modules = List.copyOf(modules);
  }

  /** A builder for the JDK this JVM runs on, with {@link #DEFAULT_MODULES}. */
  public static JlinkBaseImage ofCurrentJdk(Podman podman) {
    return new JlinkBaseImage(podman, Path.of(System.getProperty("java.home")), DEFAULT_MODULES);
  }

  /** The image reference, {@code localhost/slipway/jre:<hash>}. */
  public String reference() {
    return "localhost/slipway/jre:" + fingerprint();
  }

  /** Returns {@link #reference()}, building the image first unless it already exists. */
  public String ensureBuilt() {
    String ref = reference();
    if (!podman.imageExists(ref)) {
      build(ref);
    }
    return ref;
  }

  private void build(String ref) {
    Path work = podman.environment().stateDir().resolve("podman/jlink-build-" + fingerprint());
    try {
      deleteTree(work);
      Path rootfs = work.resolve("rootfs");
      Path runtime = rootfs.resolve("opt/java");
      Files.createDirectories(rootfs);
      HostCommand.of(
              javaHome.resolve("bin/jlink").toString(),
              "--add-modules",
              String.join(",", modules),
              "--compress=zip-6",
              "--strip-debug",
              "--no-header-files",
              "--no-man-pages",
              "--output",
              runtime.toString())
          .timeout(Duration.ofMinutes(3))
          .runOrThrow("jlink for the local base image");
      for (String lib : hostLibraries(runtime)) {
        Path target = rootfs.resolve(lib.substring(1));
        Files.createDirectories(target.getParent());
        // cp -L: the image needs the library file, not the host's symlink to it
        Files.copy(Path.of(lib).toRealPath(), target);
      }
      Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
      Path containerfile = work.resolve("Containerfile");
      Files.writeString(
          containerfile,
          """
          FROM scratch
          COPY rootfs/ /
          ENV JAVA_HOME=/opt/java PATH=/opt/java/bin
          LABEL dev.slipway.jre.modules="%s"
          """
              .formatted(String.join(",", modules)));
      podman.build(work, containerfile, ref, Map.of(), Duration.ofMinutes(3));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the jlink base image in " + work, e);
    } finally {
      try {
        deleteTree(work);
      } catch (IOException ignored) {
        // a leftover build dir is removed by the next build
      }
    }
  }

  /** Absolute paths of the host libraries the runtime's binaries load (from ldd), plus libgcc_s. */
  static Set<String> hostLibraries(Path runtime) throws IOException {
    Set<String> libs = new TreeSet<>();
    List<Path> binaries;
    try (Stream<Path> files = Files.walk(runtime)) {
      binaries =
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".so") || p.getParent().endsWith("bin"))
              .toList();
    }
    for (Path binary : binaries) {
      CommandResult ldd =
          HostCommand.of("ldd", binary.toString()).timeout(Duration.ofSeconds(20)).run();
      libs.addAll(parseLdd(ldd.stdout(), runtime.toString()));
    }
    // glibc loads libgcc_s at run time (thread cancellation, unwinding); ldd cannot see that
    Path gcc = Path.of("/lib/x86_64-linux-gnu/libgcc_s.so.1");
    if (Files.exists(gcc)) {
      libs.add(gcc.toString());
    }
    return libs;
  }

  /** Library paths in ldd output that lie outside {@code ownPrefix}. */
  static Set<String> parseLdd(String output, String ownPrefix) {
    Set<String> libs = new TreeSet<>();
    for (String line : output.split("\n")) {
      Matcher m = LDD_PATH.matcher(line);
      if (m.find() && !m.group(1).startsWith(ownPrefix) && !line.contains("../lib/")) {
        libs.add(m.group(1));
      }
    }
    return libs;
  }

  private String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      Path release = javaHome.resolve("release");
      if (Files.exists(release)) {
        sha.update(Files.readAllBytes(release));
      }
      sha.update(String.join(",", modules).getBytes(StandardCharsets.UTF_8));
      sha.update("zip-6,strip-debug,v1".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException("cannot fingerprint the JDK at " + javaHome, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
