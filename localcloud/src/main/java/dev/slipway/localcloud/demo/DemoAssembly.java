package dev.slipway.localcloud.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cloud assembly of the demo's pipeline config: the project's CDK app synthesized with {@code
 * -c config=<demo config>} (the same app and template AWS deploys; only the config differs), kept
 * until the config or the handler jar changes.
 */
final class DemoAssembly {
  private DemoAssembly() {}

  /** The assembly directory, synthesized first when missing or older than its inputs. */
  static Path ensure(Path projectRoot, Path config, Path outDir, Consumer<String> progress)
      throws IOException, InterruptedException {
    Path manifest = outDir.resolve("manifest.json");
    if (Files.isRegularFile(manifest) && newerThanInputs(manifest, projectRoot, config)) {
      return outDir;
    }
    progress.accept(
        "slipway demo: synthesizing the CDK app with "
            + projectRoot.relativize(config)
            + " (first run: about a minute)");
    run(
        projectRoot,
        List.of(
            "mvn",
            "-B",
            "-q",
            "-ntp",
            "-pl",
            "infra",
            "-am",
            "install",
            "-DskipTests",
            "-Dspotless.check.skip=true",
            "-Dexec.skip=true"),
        outDir,
        config);
    run(
        projectRoot,
        List.of(
            "mvn",
            "-B",
            "-q",
            "-ntp",
            "-pl",
            "infra",
            "exec:java",
            "-Dexec.mainClass=dev.slipway.infra.SlipwayApp"),
        outDir,
        config);
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalStateException("the CDK app ran but wrote no cloud assembly to " + outDir);
    }
    return outDir;
  }

  private static boolean newerThanInputs(Path manifest, Path root, Path config) throws IOException {
    FileTime built = Files.getLastModifiedTime(manifest);
    if (Files.getLastModifiedTime(config).compareTo(built) > 0) {
      return false;
    }
    try (var jars = Files.list(root.resolve("functions/target"))) {
      return jars.filter(p -> p.getFileName().toString().endsWith("-lambda.jar"))
          .allMatch(p -> lastModified(p).compareTo(built) <= 0);
    } catch (IOException e) {
      return false;
    }
  }

  private static FileTime lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(Long.MAX_VALUE);
    }
  }

  private static void run(Path root, List<String> command, Path outDir, Path config)
      throws IOException, InterruptedException {
    Files.createDirectories(outDir);
    Path log = outDir.resolveSibling("demo-synth.log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("CDK_OUTDIR", outDir.toString());
    // the CDK app reads its context (-c config=...) from this variable when run without the CLI
    pb.environment().put("CDK_CONTEXT_JSON", "{\"config\":\"" + config.toAbsolutePath() + "\"}");
    pb.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + exit + "); see " + log);
    }
  }
}
