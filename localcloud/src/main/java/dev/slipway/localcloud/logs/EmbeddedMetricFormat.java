package dev.slipway.localcloud.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The metrics CloudWatch Logs extracts from one log event in the CloudWatch embedded metric format
 * (EMF), as specified in the CloudWatch user guide, "Specification: Embedded metric format"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * CloudWatch Logs extracts them from events sent with PutLogEvents, which the awslogs log driver
 * uses, without any header or agent (the {@code x-amzn-logs-format: json/emf} header is optional:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Generation_PutLogEvents.html).
 *
 * <p>An event is an EMF document when it is one JSON object (nothing before or after it) with an
 * {@code _aws} member. The document is extracted only when all of it is valid; otherwise it stays a
 * plain log event and gives no metric, as in CloudWatch (which counts it in {@code
 * EMFValidationErrors}). Valid means:
 *
 * <ul>
 *   <li>{@code _aws} is an object with {@code Timestamp} (whole milliseconds since the epoch, at
 *       most two weeks in the past and two hours in the future, the range CloudWatch accepts data
 *       points in) and {@code CloudWatchMetrics} (an array of metric directives);
 *   <li>each directive has {@code Namespace} (1–255 characters, not starting with {@code :} nor
 *       with the reserved {@code AWS/}), {@code Dimensions} (an array of at least one dimension
 *       set) and {@code Metrics} (an array of at most 100 metric definitions);
 *   <li>a dimension set is an array of at most 30 dimension names (it may be empty); each name is a
 *       root member whose value is a string; names (1–255) and values (1–1024) are ASCII with a
 *       non-whitespace character and no control character, names do not start with {@code :}, as
 *       the CloudWatch Dimension type requires;
 *   <li>a metric definition has {@code Name} (1–255 characters) naming a root member that is a
 *       number or an array of at most 100 numbers (each within ±2^360, as PutMetricData requires);
 *       {@code Unit}, if present, is one of CloudWatch's units (default {@code None}); {@code
 *       StorageResolution}, if present, is 1 (high resolution) or 60 (standard, the default).
 * </ul>
 *
 * <p>Every dimension set of a directive gives each of its metrics once: one datum per (dimension
 * set, metric), with the document's timestamp, its unit and storage resolution, and its value or
 * values (an empty array gives no datum). Target members are looked up on the root only ({@code
 * "A.a"} names the member {@code "A.a"}, never a nested one); members the specification does not
 * define are ignored.
 *
 * <p>Sources of the rules beyond the specification (an extracted metric must be one PutMetricData
 * takes): namespace and value range from the PutMetricData and MetricDatum API references
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html), dimension
 * names and values from the Dimension type
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html), the
 * timestamp window from the CloudWatch concepts page ("Time stamps",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html). The
 * specification's JSON schema requires at least one dimension set per directive and a whole-number
 * {@code Timestamp}.
 */
public final class EmbeddedMetricFormat {
  /** The most datums one PutMetricData request takes. */
  static final int DATUMS_PER_REQUEST = 1000;

  static final int MAX_METRICS_PER_DIRECTIVE = 100;
  static final int MAX_DIMENSIONS_PER_SET = 30;
  static final int MAX_VALUES_PER_METRIC = 100;
  static final Duration MAX_AGE = Duration.ofDays(14);
  static final Duration MAX_AHEAD = Duration.ofHours(2);
  private static final double MAX_MAGNITUDE = Math.pow(2, 360);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EmbeddedMetricFormat() {}

  /**
   * What one log event gives.
   *
   * @param emf whether the event is an EMF document (a JSON object with {@code _aws})
   * @param requests the PutMetricData requests it gives (empty unless valid)
   * @param problem why an EMF document gives no metric (null when valid or not EMF)
   */
  public record Extraction(boolean emf, List<PutMetricDataRequest> requests, String problem) {
    static final Extraction NOT_EMF = new Extraction(false, List.of(), null);

    static Extraction invalid(String problem) {
      return new Extraction(true, List.of(), problem);
    }

    /** Whether the event is an EMF document CloudWatch extracts metrics from. */
    public boolean valid() {
      return emf && problem == null;
    }
  }

  /** The document did not pass validation; the message says which rule it broke. */
  private static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** Extracts the metrics of {@code message} (one log event's text) received at {@code now}. */
  public static Extraction extract(String message, Instant now) {
    // cheap test first: most log lines are not JSON objects at all
    var start = firstNonWhitespace(message);
    if (start < 0 || message.charAt(start) != '{' || !message.contains("\"_aws\"")) {
      return Extraction.NOT_EMF;
    }
    JsonNode root;
    try {
      root = JSON.readTree(message);
    } catch (JsonProcessingException e) {
      return Extraction.NOT_EMF;
    }
    if (root == null || !root.isObject() || !root.has("_aws")) {
      return Extraction.NOT_EMF;
    }
    try {
      return new Extraction(true, requests(root, now), null);
    } catch (Invalid e) {
      return Extraction.invalid(e.getMessage());
    }
  }

  private static List<PutMetricDataRequest> requests(JsonNode root, Instant now) {
    var aws = root.get("_aws");
    require(aws.isObject(), "_aws must be an object");
    var timestamp = timestamp(aws.get("Timestamp"), now);
    var directives = aws.get("CloudWatchMetrics");
    require(directives != null && directives.isArray(), "_aws.CloudWatchMetrics must be an array");
    var out = new ArrayList<PutMetricDataRequest>();
    for (var directive : directives) {
      require(directive.isObject(), "each CloudWatchMetrics entry must be an object");
      var namespace = namespace(directive.get("Namespace"));
      var sets = dimensionSets(root, directive.get("Dimensions"));
      var datums = new ArrayList<MetricDatum>();
      for (var metric : metrics(root, directive.get("Metrics"))) {
        if (metric.values().isEmpty()) {
          continue;
        }
        for (var set : sets) {
          var d =
              MetricDatum.builder()
                  .metricName(metric.name())
                  .dimensions(set)
                  .timestamp(timestamp)
                  .unit(metric.unit());
          if (metric.storageResolution() != null) {
            d.storageResolution(metric.storageResolution());
          }
          if (metric.array()) {
            d.values(metric.values());
          } else {
            d.value(metric.values().get(0));
          }
          datums.add(d.build());
        }
      }
      for (int i = 0; i < datums.size(); i += DATUMS_PER_REQUEST) {
        out.add(
            PutMetricDataRequest.builder()
                .namespace(namespace)
                .metricData(datums.subList(i, Math.min(datums.size(), i + DATUMS_PER_REQUEST)))
                .build());
      }
    }
    return out;
  }

  private static Instant timestamp(JsonNode node, Instant now) {
    require(node != null, "_aws.Timestamp is missing");
    require(
        node.isIntegralNumber()
            || node.isNumber() && node.doubleValue() == Math.rint(node.asDouble()),
        "_aws.Timestamp must be a whole number of milliseconds since the epoch, got " + node);
    var t = Instant.ofEpochMilli(node.asLong());
    require(
        !t.isBefore(now.minus(MAX_AGE)) && !t.isAfter(now.plus(MAX_AHEAD)),
        "_aws.Timestamp "
            + t
            + " is more than two weeks in the past or two hours in the future; CloudWatch"
            + " accepts no data point there");
    return t;
  }

  private static String namespace(JsonNode node) {
    require(node != null && node.isTextual(), "a directive's Namespace must be a string");
    var ns = node.asText();
    require(!ns.isEmpty() && ns.length() <= 255, "Namespace must have 1 to 255 characters: " + ns);
    require(!ns.startsWith(":"), "Namespace must not start with ':': " + ns);
    require(!ns.startsWith("AWS/"), "Namespace must not start with AWS/ (reserved): " + ns);
    return ns;
  }

  private static List<List<Dimension>> dimensionSets(JsonNode root, JsonNode node) {
    require(
        node != null && node.isArray() && !node.isEmpty(),
        "a directive's Dimensions must be an array of at least one dimension set");
    var out = new ArrayList<List<Dimension>>();
    for (var set : node) {
      require(set.isArray(), "a dimension set must be an array of dimension names, got " + set);
      require(
          set.size() <= MAX_DIMENSIONS_PER_SET,
          "a dimension set has at most "
              + MAX_DIMENSIONS_PER_SET
              + " dimensions, got "
              + set.size());
      var dims = new ArrayList<Dimension>();
      for (var key : set) {
        require(key.isTextual(), "a dimension name must be a string, got " + key);
        var name = key.asText();
        require(
            dimensionText(name, 255) && !name.startsWith(":"),
            "dimension name '" + name + "' is not a valid CloudWatch dimension name");
        var value = root.get(name);
        require(
            value != null && value.isTextual(),
            "dimension " + name + " must be a member of the root with a string value");
        require(
            dimensionText(value.asText(), 1024),
            "dimension "
                + name
                + " has a value CloudWatch does not take: '"
                + value.asText()
                + "'");
        dims.add(Dimension.builder().name(name).value(value.asText()).build());
      }
      out.add(dims);
    }
    return out;
  }

  /** ASCII, 1 to {@code max} characters, one not whitespace, no control characters. */
  private static boolean dimensionText(String s, int max) {
    if (s.isEmpty() || s.length() > max || s.isBlank()) {
      return false;
    }
    return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  private record Metric(
      String name,
      StandardUnit unit,
      Integer storageResolution,
      boolean array,
      List<Double> values) {}

  private static List<Metric> metrics(JsonNode root, JsonNode node) {
    require(node != null && node.isArray(), "a directive's Metrics must be an array");
    require(
        node.size() <= MAX_METRICS_PER_DIRECTIVE,
        "a directive has at most "
            + MAX_METRICS_PER_DIRECTIVE
            + " metric definitions, got "
            + node.size());
    var out = new ArrayList<Metric>();
    for (var def : node) {
      require(def.isObject(), "a metric definition must be an object, got " + def);
      var nameNode = def.get("Name");
      require(nameNode != null && nameNode.isTextual(), "a metric definition needs a string Name");
      var name = nameNode.asText();
      require(
          !name.isEmpty() && name.length() <= 255,
          "metric Name must have 1 to 255 characters: " + name);
      out.add(
          new Metric(
              name,
              unit(name, def.get("Unit")),
              storageResolution(name, def.get("StorageResolution")),
              root.path(name).isArray(),
              values(name, root.get(name))));
    }
    return out;
  }

  private static StandardUnit unit(String metric, JsonNode node) {
    if (node == null) {
      return StandardUnit.NONE;
    }
    require(node.isTextual(), "Unit of " + metric + " must be a string, got " + node);
    var unit = StandardUnit.fromValue(node.asText());
    require(
        unit != StandardUnit.UNKNOWN_TO_SDK_VERSION,
        "Unit of " + metric + " is not a CloudWatch unit: " + node.asText());
    return unit;
  }

  private static Integer storageResolution(String metric, JsonNode node) {
    if (node == null) {
      return null;
    }
    require(
        node.isNumber() && (node.asDouble() == 1 || node.asDouble() == 60),
        "StorageResolution of " + metric + " must be 1 or 60, got " + node);
    return node.asInt();
  }

  private static List<Double> values(String metric, JsonNode node) {
    require(node != null, "metric " + metric + " has no member of that name on the root");
    var out = new ArrayList<Double>();
    if (node.isArray()) {
      require(
          node.size() <= MAX_VALUES_PER_METRIC,
          "metric "
              + metric
              + " has more than "
              + MAX_VALUES_PER_METRIC
              + " values: "
              + node.size());
      for (var v : node) {
        out.add(number(metric, v));
      }
    } else {
      out.add(number(metric, node));
    }
    return out;
  }

  private static double number(String metric, JsonNode node) {
    require(node.isNumber(), "metric " + metric + " must be a number or numbers, got " + node);
    var v = node.asDouble();
    require(
        Double.isFinite(v) && Math.abs(v) <= MAX_MAGNITUDE,
        "metric " + metric + " value " + node + " is outside ±2^360");
    return v;
  }

  private static int firstNonWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      var c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return i;
      }
    }
    return -1;
  }

  private static void require(boolean ok, String problem) {
    if (!ok) {
      throw new Invalid(problem);
    }
  }
}
