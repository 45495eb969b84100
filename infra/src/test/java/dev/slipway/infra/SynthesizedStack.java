package dev.slipway.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * One synthesis of the example config ({@code infra/slipway.json}) shared by every template test:
 * synthesizing costs ~15 s, so it happens once per test JVM.
 */
final class SynthesizedStack {
  static final Path ROOT = Path.of(System.getProperty("slipway.root"));

  private static SynthesizedStack instance;

  final SlipwayStack stack;
  final Template template;

  private SynthesizedStack() {
    SlipwayConfig config = SlipwayConfig.load(ROOT.resolve("infra/slipway.json"));
    App app = SlipwayApp.app(ROOT.resolve("infra/target/test-cdk.out"));
    SlipwayApp.addStacks(
        app, config, handlerCode(), ROOT.resolve("statemachines/pipeline.asl.json"));
    stack = (SlipwayStack) app.getNode().findChild(SlipwayApp.stackName("hello"));
    template = Template.fromStack(stack);
  }

  static synchronized SynthesizedStack get() {
    if (instance == null) {
      instance = new SynthesizedStack();
    }
    return instance;
  }

  /**
   * The real handler jar when functions/ has been packaged; otherwise an empty, clearly named
   * placeholder, so the template tests can run on their own (the app itself refuses to synth
   * without the real jar).
   */
  static Code handlerCode() {
    try {
      return Code.fromAsset(LambdaCode.find(ROOT).toString());
    } catch (IllegalStateException noJarYet) {
      Path placeholder = ROOT.resolve("infra/target/placeholder-handlers-not-built-lambda.jar");
      try {
        Files.createDirectories(placeholder.getParent());
        try (var out = new JarOutputStream(Files.newOutputStream(placeholder), new Manifest())) {
          out.flush();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Code.fromAsset(placeholder.toString());
    }
  }
}
