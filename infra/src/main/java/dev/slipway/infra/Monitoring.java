package dev.slipway.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/** A dashboard of the pipeline's runs and handlers, and an alarm when a run fails. */
public final class Monitoring extends Construct {
  private final Alarm failedRuns;

  public Monitoring(
      Construct scope,
      String id,
      String service,
      StateMachine pipeline,
      List<Function> functions,
      ITopic topic) {
    super(scope, id);
    MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).build();
    failedRuns =
        Alarm.Builder.create(this, "FailedRuns")
            .alarmName(ResourceNames.failedRunsAlarm(service))
            .alarmDescription(
                "A Slipway "
                    + service
                    + " pipeline run failed (rolled back, or a rollback failed):"
                    + " see the execution in the Step Functions console")
            .metric(pipeline.metricFailed(fiveMinutes))
            .threshold(1)
            .evaluationPeriods(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    failedRuns.addAlarmAction(new SnsAction(topic));
    allowAlarmToPublish(topic);

    List<IMetric> errors = new ArrayList<>();
    functions.forEach(f -> errors.add(f.metricErrors(fiveMinutes)));
    Dashboard.Builder.create(this, "Dashboard")
        .dashboardName(ResourceNames.dashboard(service))
        .widgets(
            List.of(
                List.of(
                    GraphWidget.Builder.create()
                        .title("Pipeline runs")
                        .left(
                            List.of(
                                pipeline.metricStarted(fiveMinutes),
                                pipeline.metricSucceeded(fiveMinutes),
                                pipeline.metricFailed(fiveMinutes),
                                pipeline.metricTimedOut(fiveMinutes)))
                        .width(12)
                        .build(),
                    GraphWidget.Builder.create()
                        .title("Run duration")
                        .left(List.of(pipeline.metricTime(fiveMinutes)))
                        .width(12)
                        .build()),
                List.of(
                    GraphWidget.Builder.create()
                        .title("Handler errors")
                        .left(errors)
                        .width(24)
                        .build())))
        .build();
  }

  /**
   * The topic's policy (enforceSsl's) holds only a Deny, and CloudWatch publishes alarm actions as
   * its service principal: allow it for this alarm alone. aws:SourceArn and aws:SourceAccount keep
   * another account's alarms from using the grant (IAM User Guide, "The confused deputy problem";
   * the SNS Developer Guide's access policy examples for CloudWatch alarms).
   */
  private void allowAlarmToPublish(ITopic topic) {
    topic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("CloudWatchFailedRunsAlarmPublishes")
            .effect(Effect.ALLOW)
            .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
            .actions(List.of("sns:Publish"))
            .resources(List.of(topic.getTopicArn()))
            .conditions(
                Map.of(
                    "ArnEquals",
                    Map.of("aws:SourceArn", failedRuns.getAlarmArn()),
                    "StringEquals",
                    Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
            .build());
  }

  /** The failed-run alarm. */
  public Alarm failedRuns() {
    return failedRuns;
  }
}
