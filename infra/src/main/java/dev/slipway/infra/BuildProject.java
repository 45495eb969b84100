package dev.slipway.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.GitHubSourceProps;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.Project;
import software.amazon.awscdk.services.codebuild.Source;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The CodeBuild project that builds one commit: the buildspec comes from the service's repository
 * ({@code buildspec.yml}), the build runs privileged (it runs {@code docker build}) and pushes the
 * image to ECR tagged with the full SHA. StartBuild sets {@code sourceVersion} and overrides {@code
 * GIT_SHA} / {@code IMAGE_URI} per build.
 */
public final class BuildProject extends Construct {
  /** Inputs of the build project. */
  public record Props(
      String service,
      String repository,
      String connectionArn,
      IRepository images,
      int timeoutMinutes,
      RetentionDays logRetention) {}

  private final Project project;

  public BuildProject(Construct scope, String id, Props props) {
    super(scope, id);
    String[] ownerAndName = props.repository().split("/", 2);
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(props.logRetention())
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    project =
        Project.Builder.create(this, "Project")
            .projectName(ResourceNames.buildProject(props.service()))
            .description(
                "Builds " + props.repository() + " at one commit and pushes the image to ECR")
            .source(
                Source.gitHub(
                    GitHubSourceProps.builder()
                        .owner(ownerAndName[0])
                        .repo(ownerAndName[1])
                        .webhook(false)
                        // reporting the build's status on the commit needs a GitHub credential:
                        // without a connection CodeBuild reads the repository as a public one,
                        // and CreateProject would fail with "No Access token found" on an
                        // account that never imported a GitHub credential
                        .reportBuildStatus(props.connectionArn() != null)
                        .build()))
            .environment(
                BuildEnvironment.builder()
                    .buildImage(LinuxBuildImage.STANDARD_7_0)
                    .computeType(ComputeType.SMALL)
                    .privileged(true)
                    .build())
            .environmentVariables(environment(props))
            .timeout(Duration.minutes(props.timeoutMinutes()))
            .logging(
                LoggingOptions.builder()
                    .cloudWatch(CloudWatchLoggingOptions.builder().logGroup(logs).build())
                    .build())
            .build();
    props.images().grantPullPush(project);
    if (props.connectionArn() != null) {
      // CodeConnections auth is not in the L2 construct yet: set it on the CloudFormation resource
      ((CfnProject) project.getNode().getDefaultChild())
          .addPropertyOverride(
              "Source.Auth", Map.of("Type", "CODECONNECTIONS", "Resource", props.connectionArn()));
      // CodeBuild User Guide, "GitHub App connections": the service role needs GetConnection and
      // GetConnectionToken (and UseConnection) on the connection; connections made before the
      // rename to CodeConnections are authorized under the codestar-connections prefix
      project.addToRolePolicy(
          PolicyStatement.Builder.create()
              .actions(
                  List.of(
                      "codeconnections:GetConnection",
                      "codeconnections:GetConnectionToken",
                      "codeconnections:UseConnection",
                      "codestar-connections:GetConnection",
                      "codestar-connections:GetConnectionToken",
                      "codestar-connections:UseConnection"))
              .resources(List.of(props.connectionArn()))
              .build());
    }
  }

  /** In a fixed order, so the template is the same on every synth. */
  private static Map<String, BuildEnvironmentVariable> environment(Props props) {
    var env = new LinkedHashMap<String, BuildEnvironmentVariable>();
    env.put("GIT_SHA", plain("set-by-StartBuild"));
    env.put("IMAGE_URI", plain(ImageRepository.uri(props.images())));
    env.put("ECR_REPOSITORY_URI", plain(ImageRepository.uri(props.images())));
    return env;
  }

  private static BuildEnvironmentVariable plain(String value) {
    return BuildEnvironmentVariable.builder().value(value).build();
  }

  /** The project. */
  public Project project() {
    return project;
  }
}
