package dev.slipway.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app: one {@link SlipwayStack} per service in {@code slipway.json} ({@code -c
 * config=<path>}, default {@code infra/slipway.json}), checked by cdk-nag's AWS Solutions rules.
 * Runs without AWS credentials; {@code CDK_OUTDIR} (or {@code cdk synth}) says where the cloud
 * assembly goes.
 */
public final class SlipwayApp {
  private SlipwayApp() {}

  public static void main(String[] args) {
    try {
      App app = new App();
      build(app, Path.of(""));
      app.synth();
    } catch (InvalidConfigException | IllegalStateException e) {
      System.err.println("slipway: " + e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Adds the stacks of the configured services to {@code app}; paths resolve against {@code cwd}.
   */
  public static void build(App app, Path cwd) {
    Path root = LambdaCode.projectRoot(cwd);
    SlipwayConfig config = SlipwayConfig.load(configFile(app, cwd, root));
    Code code = Code.fromAsset(LambdaCode.find(root).toString());
    Path definition = root.resolve("statemachines/pipeline.asl.json");
    addStacks(app, config, code, definition);
  }

  /** One stack per service, with cdk-nag's checks as an aspect. */
  public static void addStacks(App app, SlipwayConfig config, Code code, Path definition) {
    for (ServiceSettings service : config.services()) {
      new SlipwayStack(
          app,
          stackName(service.name()),
          StackProps.builder()
              .stackName(stackName(service.name()))
              .description("Slipway pipeline for " + service.pipeline().repository())
              .build(),
          new SlipwayStack.Inputs(service, code, definition));
    }
    Aspects.of(app).add(new AwsSolutionsChecks());
  }

  /** The CloudFormation stack name of a service. */
  public static String stackName(String service) {
    return ResourceNames.stack(service);
  }

  private static Path configFile(App app, Path cwd, Path root) {
    Object fromContext = app.getNode().tryGetContext("config");
    if (fromContext != null) {
      return cwd.toAbsolutePath().resolve(fromContext.toString());
    }
    Path local = cwd.toAbsolutePath().resolve("slipway.json");
    return Files.isRegularFile(local) ? local : root.resolve("infra/slipway.json");
  }

  /** An app that writes its cloud assembly to {@code outdir}. */
  public static App app(Path outdir) {
    return new App(AppProps.builder().outdir(outdir.toString()).build());
  }
}
