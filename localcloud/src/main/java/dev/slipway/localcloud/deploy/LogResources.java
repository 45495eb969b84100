package dev.slipway.localcloud.deploy;

import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.logs.LocalCloudWatchLogs;
import java.util.Map;

/** The provisioner for CloudWatch Logs groups. */
public final class LogResources {
  private LogResources() {}

  /**
   * {@code AWS::Logs::LogGroup}: the group is created (kept with its events on a redeploy) with its
   * {@code RetentionInDays}; {@code Ref} is the name, {@code Arn} the ARN with CloudFormation's
   * {@code :*} suffix.
   */
  public static void register(TemplateDeployer deployer, LocalCloudWatchLogs logs) {
    deployer.register(
        "AWS::Logs::LogGroup",
        r -> {
          String name = r.text("LogGroupName", r.generatedName(512));
          var days = r.properties().path("RetentionInDays");
          try {
            logs.provisionGroup(name, days.isMissingNode() ? null : days.asInt());
          } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            throw new TemplateException(r.logicalId() + ": " + e.awsErrorDetails().errorMessage());
          }
          return new Provisioned(name, Map.of("Arn", LocalCloudWatchLogs.groupArn(name) + ":*"));
        });
  }
}
