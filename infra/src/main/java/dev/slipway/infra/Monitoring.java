package dev.slipway.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
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
            .alarmName("slipway-" + service + "-pipeline-failed")
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

    List<IMetric> errors = new ArrayList<>();
    functions.forEach(f -> errors.add(f.metricErrors(fiveMinutes)));
    Dashboard.Builder.create(this, "Dashboard")
        .dashboardName("slipway-" + service)
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

  /** The failed-run alarm. */
  public Alarm failedRuns() {
    return failedRuns;
  }
}
