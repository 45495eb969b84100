package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Powertools around one invocation, through its functional API (no AspectJ weaving, so the jar
 * needs no compile-time aspect step): JSON log lines carrying the Lambda context and a correlation
 * id, and EMF metrics flushed when the invocation ends.
 */
public final class Telemetry {
  /** The MDC key Powertools' JSON layout prints as {@code correlation_id}. */
  static final String CORRELATION_ID = "correlation_id";

  private Telemetry() {}

  /** The EMF namespace when {@code POWERTOOLS_METRICS_NAMESPACE} does not name one. */
  static final String DEFAULT_NAMESPACE = "Slipway";

  /** The container's metrics (namespace and service from POWERTOOLS_* environment variables). */
  public static Metrics metrics() {
    return MetricsHolder.METRICS;
  }

  private static final class MetricsHolder {
    static final Metrics METRICS = create();

    private static Metrics create() {
      Metrics metrics = MetricsFactory.getMetricsInstance();
      if (System.getenv("POWERTOOLS_METRICS_NAMESPACE") == null) {
        metrics.setNamespace(DEFAULT_NAMESPACE);
      }
      return metrics;
    }
  }

  /**
   * Runs one invocation with logging context; {@code correlationId} is the execution name for
   * pipeline steps and the delivery id for webhooks. A metric {@code <step>.Failed} or {@code
   * <step>.Succeeded} is emitted per invocation.
   */
  public static <T> T invocation(
      Context context, String step, String correlationId, Supplier<T> body) {
    return PowertoolsLogging.withLogging(
        context,
        () -> {
          if (correlationId != null) {
            MDC.put(CORRELATION_ID, correlationId);
          }
          Metrics metrics = metrics();
          boolean ok = false;
          try {
            T result = body.get();
            ok = true;
            return result;
          } finally {
            metrics.addMetric(step + (ok ? ".Succeeded" : ".Failed"), 1, MetricUnit.COUNT);
            metrics.flush();
            MDC.remove(CORRELATION_ID);
          }
        });
  }
}
