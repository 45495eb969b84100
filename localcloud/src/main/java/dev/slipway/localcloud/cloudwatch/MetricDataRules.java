package dev.slipway.localcloud.cloudwatch;

import dev.slipway.localcloud.protocol.AwsErrors;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/**
 * What PutMetricData accepts, and where a datum is stored, as CloudWatch rules them
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html). Every
 * invalid parameter of a request is reported, one per line, as CloudWatch lists them.
 */
final class MetricDataRules {
  /** Data per PutMetricData request. */
  static final int MAX_DATA = 1000;

  /** Values (and counts) per datum. */
  static final int MAX_VALUES = 150;

  /** Dimensions per datum. */
  static final int MAX_DIMENSIONS = 30;

  private static final Duration TWO_WEEKS = Duration.ofDays(14);
  private static final Duration TWO_HOURS = Duration.ofHours(2);

  private MetricDataRules() {}

  /** Refuses the request as CloudWatch does when a datum breaks a rule. */
  static void check(List<MetricDatum> data, Instant now) {
    if (data.size() > MAX_DATA) {
      throw invalid(
          "The collection MetricData must not have a size greater than " + MAX_DATA + ".");
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      MetricDatum d = data.get(i);
      String member = "MetricData.member." + (i + 1);
      if (d.value() != null && d.statisticValues() != null) {
        throw combination(member + ".Value", member + ".StatisticValues");
      }
      if (d.value() != null && d.hasValues()) {
        throw combination(member + ".Value", member + ".Values");
      }
      if (d.statisticValues() != null && d.hasValues()) {
        throw combination(member + ".StatisticValues", member + ".Values");
      }
      Integer resolution = d.storageResolution();
      if (resolution != null && resolution != 1 && resolution != 60) {
        problems.add(
            "The parameter " + member + ".StorageResolution must be a value in the set [ 1, 60 ].");
      }
      if (d.timestamp() != null) {
        if (d.timestamp().isBefore(now.minus(TWO_WEEKS))) {
          problems.add(
              "The parameter "
                  + member
                  + ".Timestamp must specify a time within the past two weeks.");
        } else if (d.timestamp().isAfter(now.plus(TWO_HOURS))) {
          problems.add(
              "The parameter "
                  + member
                  + ".Timestamp must specify a time no more than two hours in the future.");
        }
      }
      if (d.dimensions().size() > MAX_DIMENSIONS) {
        problems.add(
            "The collection "
                + member
                + ".Dimensions must not have a size greater than "
                + MAX_DIMENSIONS
                + ".");
      }
      if (d.values().size() > MAX_VALUES) {
        problems.add(
            "The collection "
                + member
                + ".Values must not have a size greater than "
                + MAX_VALUES
                + ".");
      }
      if (d.hasCounts() && d.counts().size() != d.values().size()) {
        problems.add(
            "The parameters "
                + member
                + ".Values and "
                + member
                + ".Counts must be arrays of the same size.");
      }
      if (d.value() != null && !Double.isFinite(d.value())) {
        problems.add("The value " + d.value() + " for parameter " + member + ".Value is invalid.");
      }
      for (int v = 0; v < d.values().size(); v++) {
        if (!Double.isFinite(d.values().get(v))) {
          problems.add(
              "The value "
                  + d.values().get(v)
                  + " for parameter "
                  + member
                  + ".Values.member."
                  + (v + 1)
                  + " is invalid.");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw invalid(String.join("\n", problems));
    }
  }

  /**
   * The timestamp a datum is stored at: the request's time when it has none, truncated to the
   * second for high resolution ({@code StorageResolution} 1), floored to the minute's start for
   * standard resolution (60 or none), since CloudWatch aggregates standard-resolution data per
   * minute.
   */
  static Instant storedAt(MetricDatum d, Instant now) {
    Instant at = d.timestamp() == null ? now : d.timestamp();
    boolean high = d.storageResolution() != null && d.storageResolution() == 1;
    return at.truncatedTo(high ? ChronoUnit.SECONDS : ChronoUnit.MINUTES);
  }

  private static InvalidParameterValueException invalid(String message) {
    return AwsErrors.of(
        InvalidParameterValueException.builder(), 400, "InvalidParameterValue", message);
  }

  private static InvalidParameterCombinationException combination(String a, String b) {
    return AwsErrors.of(
        InvalidParameterCombinationException.builder(),
        400,
        "InvalidParameterCombination",
        "The parameters "
            + a
            + " and "
            + b
            + " are mutually exclusive and you have specified both.");
  }
}
