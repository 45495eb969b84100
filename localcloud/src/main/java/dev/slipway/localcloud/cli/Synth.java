package dev.slipway.localcloud.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Synthesizes the CDK app into cdk.out/ when it is missing (the same template AWS deploys). */
final class Synth {
  private Synth() {}

  static void ensure(Path assembly, boolean allowed) throws IOException, InterruptedException {
    if (Files.isRegularFile(assembly.resolve("manifest.json"))) {
      return;
    }
    if (!allowed) {
      throw new IllegalStateException(
          "no cloud assembly in " + assembly + " (manifest.json missing)");
    }
    Path root = CommonOptions.projectRoot();
    if (!Files.isDirectory(root.resolve("infra"))) {
      throw new IllegalStateException("no cdk.out/ and no infra/ to synthesize it from in " + root);
    }
    System.out.println(
        "slipway: synthesizing the CDK app into " + assembly + " (first start; about a minute)");
    run(
        root,
        List.of(
            "mvn",
            "-B",
            "-q",
            "-ntp",
            "-pl",
            "functions,infra",
            "-am",
            "install",
            "-DskipTests",
            "-Dspotless.check.skip=true"),
        assembly);
    run(
        root,
        List.of(
            "mvn",
            "-B",
            "-q",
            "-ntp",
            "-pl",
            "infra",
            "exec:java",
            "-Dexec.mainClass=dev.slipway.infra.SlipwayApp"),
        assembly);
    if (!Files.isRegularFile(assembly.resolve("manifest.json"))) {
      throw new IllegalStateException("the CDK app ran but wrote no cloud assembly to " + assembly);
    }
  }

  private static void run(Path root, List<String> command, Path assembly)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).inheritIO();
    pb.environment().put("CDK_OUTDIR", assembly.toString());
    pb.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed (exit "
              + exit
              + "); fix the build, then run `slipway up` again");
    }
  }
}
