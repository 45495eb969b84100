package dev.slipway.localcloud.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Synthesizes the project's CDK app ({@code dev.slipway.infra.SlipwayApp}) into a cloud assembly:
 * the same app and template {@code cdk deploy} uses, with an optional pipeline config ({@code -c
 * config=...}). {@code slipway up}, {@code slipway demo} and the tests all synthesize through here.
 *
 * <p>The app runs from {@code infra/target/classes} and {@code infra/target/lib} (written by {@code
 * mvn package} of infra); when they are missing, infra is built first. An assembly is kept until
 * its config, the handler jar or the infra classes change.
 */
public final class AppSynthesis {
  private static final long LIMIT_MINUTES = 10;
  private static final Duration HEARTBEAT = Duration.ofSeconds(20);

  private final Path root;
  private final Consumer<String> progress;
  private final Path log;

  /**
   * @param root the project root (with {@code infra/} and {@code functions/})
   * @param progress where to say what is happening (synthesis takes up to a minute)
   * @param log the file build and synthesis output goes to
   */
  public AppSynthesis(Path root, Consumer<String> progress, Path log) {
    this.root = root.toAbsolutePath().normalize();
    this.progress = progress;
    this.log = log;
  }

  /**
   * The assembly in {@code outDir} for {@code config} (null: the app's default config), synthesized
   * first when missing or older than its inputs.
   */
  public Path ensure(Path config, Path outDir) throws IOException, InterruptedException {
    Path manifest = outDir.resolve("manifest.json");
    if (Files.isRegularFile(manifest) && newerThanInputs(manifest, config)) {
      return outDir;
    }
    if (!Files.isDirectory(root.resolve("infra"))) {
      throw new IllegalStateException(
          "no cloud assembly in " + outDir + " and no infra/ to synthesize it from in " + root);
    }
    Files.createDirectories(outDir);
    Files.createDirectories(log.getParent());
    Files.deleteIfExists(log);
    if (!Files.isDirectory(infra("classes")) || !Files.isDirectory(infra("lib"))) {
      // from the reactor root: `-pl infra -am` selects infra and the modules it needs (functions,
      // whose handler jar the template's Lambda code points at)
      run(
          "building the handlers and the CDK app (first run: 1-4 minutes)",
          List.of(
              "mvn",
              "-B",
              "-pl",
              "infra",
              "-am",
              "package",
              "-DskipTests",
              "-Dspotless.check.skip=true",
              "-Dexec.skip=true"),
          root,
          outDir,
          null);
      if (!Files.isDirectory(infra("classes")) || !Files.isDirectory(infra("lib"))) {
        throw new IllegalStateException(
            "the build of infra/ wrote no target/classes or target/lib; see " + log);
      }
    }
    run(
        "synthesizing the CDK app"
            + (config == null ? "" : " with " + config)
            + " into "
            + outDir
            + " (about a minute)",
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            classpath(),
            "dev.slipway.infra.SlipwayApp"),
        root.resolve("infra"),
        outDir,
        config);
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalStateException("the CDK app ran but wrote no cloud assembly to " + outDir);
    }
    return outDir;
  }

  private Path infra(String dir) {
    return root.resolve("infra/target").resolve(dir);
  }

  private String classpath() throws IOException {
    List<String> entries = new ArrayList<>();
    entries.add(infra("classes").toString());
    try (Stream<Path> jars = Files.list(infra("lib"))) {
      jars.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .forEach(p -> entries.add(p.toString()));
    }
    return String.join(File.pathSeparator, entries);
  }

  private boolean newerThanInputs(Path manifest, Path config) throws IOException {
    FileTime built = Files.getLastModifiedTime(manifest);
    List<Path> inputs = new ArrayList<>();
    if (config != null) {
      inputs.add(config);
    }
    for (String dir : List.of("functions/target", "infra/target/classes/dev/slipway/infra")) {
      Path d = root.resolve(dir);
      if (Files.isDirectory(d)) {
        try (Stream<Path> files = Files.list(d)) {
          files
              .filter(p -> p.toString().endsWith("-lambda.jar") || p.toString().endsWith(".class"))
              .forEach(inputs::add);
        }
      }
    }
    for (Path input : inputs) {
      if (!Files.exists(input) || Files.getLastModifiedTime(input).compareTo(built) > 0) {
        return false;
      }
    }
    return true;
  }

  private void run(String what, List<String> command, Path workDir, Path outDir, Path config)
      throws IOException, InterruptedException {
    progress.accept("slipway: " + what);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("CDK_OUTDIR", outDir.toAbsolutePath().toString());
    if (config != null) {
      // the CDK app reads its context (-c config=...) from this variable when run without the CLI
      pb.environment()
          .put(
              "CDK_CONTEXT_JSON",
              "{\"config\":\"" + config.toAbsolutePath().toString().replace("\"", "\\\"") + "\"}");
    }
    pb.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    long start = System.nanoTime();
    Process p = pb.start();
    long deadline = start + TimeUnit.MINUTES.toNanos(LIMIT_MINUTES);
    // a line every HEARTBEAT while it runs: a first build downloads for minutes
    while (!p.waitFor(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS)) {
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException(
            command.getFirst() + " did not finish in " + LIMIT_MINUTES + " minutes; see " + log);
      }
      progress.accept(
          "slipway:   ... "
              + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)
              + " s (log "
              + log
              + ")");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command.subList(0, Math.min(command.size(), 4)))
              + " failed (exit "
              + p.exitValue()
              + ") in "
              + workDir
              + "; see "
              + log);
    }
  }
}
