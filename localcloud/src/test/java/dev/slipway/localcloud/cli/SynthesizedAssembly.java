package dev.slipway.localcloud.cli;

import dev.slipway.localcloud.deploy.AppSynthesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    return new AppSynthesis(root, System.out::println, root.resolve("localcloud/target/synth.log"))
        .ensure(null, root.resolve("localcloud/target/cdk.out"));
  }
}
