package dev.slipway.localcloud.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CDK app's cloud assembly for tests: {@code -Dslipway.cdkOut=<dir>}, else {@code cdk.out/} in
 * the project root, else synthesized once into {@code localcloud/target/cdk.out} from the built
 * infra classes (the reactor builds functions/ and infra/ before localcloud/).
 */
public final class SynthesizedAssembly {
  private SynthesizedAssembly() {}

  public static Path locate(Path root) throws IOException, InterruptedException {
    String explicit = System.getProperty("slipway.cdkOut");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    if (Files.isRegularFile(root.resolve("cdk.out/manifest.json"))) {
      return root.resolve("cdk.out");
    }
    Path out = root.resolve("localcloud/target/cdk.out");
    if (Files.isRegularFile(out.resolve("manifest.json"))) {
      return out;
    }
    if (!Files.isDirectory(root.resolve("infra/target/classes"))) {
      throw new IllegalStateException(
          "infra is not built; run mvn -pl functions,infra -am package -DskipTests first");
    }
    Path cp = root.resolve("localcloud/target/infra.classpath");
    run(
        root,
        List.of(
            "mvn",
            "-B",
            "-q",
            "-ntp",
            "-pl",
            "infra",
            "dependency:build-classpath",
            "-Dmdep.outputFile=" + cp),
        null);
    String classpath =
        root.resolve("infra/target/classes")
            + java.io.File.pathSeparator
            + Files.readString(cp).strip();
    run(
        root,
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            classpath,
            "dev.slipway.infra.SlipwayApp"),
        out);
    return out;
  }

  private static void run(Path root, List<String> command, Path cdkOut)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("localcloud/target/synth.log").toFile());
    if (cdkOut != null) {
      pb.environment().put("CDK_OUTDIR", cdkOut.toString());
    }
    pb.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command.subList(0, Math.min(4, command.size())))
              + " failed; see localcloud/target/synth.log");
    }
  }
}
