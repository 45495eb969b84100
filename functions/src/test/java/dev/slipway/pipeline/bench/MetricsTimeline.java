package dev.slipway.pipeline.bench;

import dev.slipway.pipeline.model.MetricCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * One simulated deploy's traffic per target group, one slot per second: requests the load balancer
 * routed, connection errors (routed to a task that is down), 5xx answers, summed response times of
 * the answered requests and seconds the group's target was unhealthy; and what CloudWatch {@code
 * GetMetricData} answers for a window of them in each {@link DataMode}. Simulated times are seconds
 * relative to the first canary traffic shift; {@code offset} places them on the wall clock, where
 * periods and windows are (minute boundaries).
 */
final class MetricsTimeline {
  static final int BASELINE = 0;
  static final int CANARY = 1;

  /**
   * How one target group serves during one second: its requests per second, the share its service
   * answers with a 5xx, their latency; {@code down}: its task is not running, every request routed
   * to it is a connection error (the load balancer answers 502) and the target is unhealthy.
   */
  record Serving(double requestsPerSecond, double errorRate, Latency latency, boolean down) {
    /** No requests reach the group's targets (weight 0), which are healthy. */
    static final Serving IDLE = new Serving(0, 0, null, false);

    Serving(double requestsPerSecond, double errorRate, Latency latency) {
      this(requestsPerSecond, errorRate, latency, false);
    }

    /** The group's task is down while {@code requestsPerSecond} are routed to it. */
    static Serving down(double requestsPerSecond) {
      return new Serving(requestsPerSecond, 0, null, true);
    }
  }

  /** Chooses each second's serving. */
  interface Source {
    Serving serving(int group, int second);
  }

  /**
   * One GetMetricData datapoint of one group for one period, {@code second} its wall-clock
   * timestamp. Load balancer: RequestCount, HTTPCode_Target_5XX_Count, TargetConnectionErrorCount
   * (sums), TargetResponseTime (Average, in ms here; NaN: no datapoint, nothing was answered),
   * UnHealthyHostCount >= 1 in some minute. The service's own metrics: Requests and Errors of the
   * requests it answered, Latency's Average, never connection errors nor unhealthy.
   */
  record Datapoint(
      long second,
      double requests,
      double errors,
      double connectionErrors,
      double latencyMs,
      boolean unhealthy) {}

  private final int history;
  private final long offset;
  private final long lagSeed;
  private final SplittableRandom rng;
  // prefix sums over slots: index i + 1 holds the total of seconds -history .. i - history
  private final long[][] routed;
  private final long[][] connection;
  private final long[][] errors;
  private final double[][] latencyMs;
  private final int[][] downSeconds;
  private int generated;

  /**
   * @param history seconds before 0 to simulate (the canary's start is a moment before its first
   *     traffic shift)
   * @param capacity seconds from 0 on that may be simulated
   * @param offset the wall-clock second of relative second 0
   */
  MetricsTimeline(int history, int capacity, long offset, SplittableRandom rng) {
    this.history = history;
    this.offset = offset;
    this.lagSeed = rng.nextLong();
    this.rng = rng;
    int slots = history + capacity + 1;
    routed = new long[2][slots];
    connection = new long[2][slots];
    errors = new long[2][slots];
    latencyMs = new double[2][slots];
    downSeconds = new int[2][slots];
    generated = -history;
  }

  /** The wall-clock second of relative second 0. */
  long offset() {
    return offset;
  }

  /** Simulates every second from the last simulated one up to {@code until} (exclusive). */
  void generate(int until, Source source) {
    for (int t = generated; t < until; t++) {
      int i = t + history;
      for (int g = 0; g < 2; g++) {
        Serving s = source.serving(g, t);
        long n = 0;
        long c = 0;
        long e = 0;
        double ms = 0;
        if (s.down()) {
          n = poisson(s.requestsPerSecond(), rng);
          c = n;
        } else if (s.requestsPerSecond() > 0) {
          // a Poisson stream thinned by the error rate: successes and failures are independent
          long ok = poisson(s.requestsPerSecond() * (1 - s.errorRate()), rng);
          e = poisson(s.requestsPerSecond() * s.errorRate(), rng);
          n = ok + e;
          ms = s.latency().sum(n, rng);
        }
        routed[g][i + 1] = routed[g][i] + n;
        connection[g][i + 1] = connection[g][i] + c;
        errors[g][i + 1] = errors[g][i] + e;
        latencyMs[g][i + 1] = latencyMs[g][i] + ms;
        downSeconds[g][i + 1] = downSeconds[g][i] + (s.down() ? 1 : 0);
      }
    }
    generated = Math.max(generated, until);
  }

  /** Requests routed to {@code group} in relative seconds [from, to), as simulated. */
  long requests(int group, int from, int to) {
    return routed[group][index(to)] - routed[group][index(from)];
  }

  /** Of those, the requests the group's service answered (not connection errors). */
  long answered(int group, int from, int to) {
    return requests(group, from, to)
        - (connection[group][index(to)] - connection[group][index(from)]);
  }

  /**
   * What GetMetricData returns for one group over the wall-clock window [{@code start}, {@code
   * end}) (both on {@code period} boundaries), asked at wall-clock second {@code now}: one
   * datapoint per period that has one, each published {@link #lagSeconds} after it ends.
   */
  List<Datapoint> datapoints(DataMode mode, int group, long start, long end, int period, long now) {
    return mode.source() == MetricCheck.Source.ALB
        ? loadBalancer(mode, group, start, end, period, now)
        : service(mode, group, start, end, period, now);
  }

  /**
   * How long after it ends the period (load balancer: the minute) starting at wall-clock second
   * {@code second} is published: its own delay in the mode's range, drawn once per deploy and the
   * same for both groups, so a datapoint once visible stays visible.
   */
  double lagSeconds(DataMode mode, long second) {
    long z = lagSeed + second * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    double u = (z >>> 11) * 0x1.0p-53;
    return mode.minLagSeconds() + u * (mode.maxLagSeconds() - mode.minLagSeconds());
  }

  private List<Datapoint> loadBalancer(
      DataMode mode, int group, long start, long end, int period, long now) {
    List<Datapoint> out = new ArrayList<>();
    for (long p = start; p < end; p += period) {
      var sum = new Sum();
      boolean published = false;
      for (long minute = p; minute < p + period; minute += 60) {
        if (minute + 60 + lagSeconds(mode, minute) > now) {
          continue;
        }
        published = true;
        sum.add(group, (int) (minute - offset), (int) (minute + 60 - offset));
      }
      if (published) {
        // UnHealthyHostCount has a datapoint every minute, the traffic metrics only with requests
        out.add(
            new Datapoint(
                p,
                sum.routed,
                sum.errors,
                sum.connection,
                sum.answered > 0 ? sum.latencyMs / sum.answered : Double.NaN,
                sum.down > 0));
      }
    }
    return out;
  }

  private List<Datapoint> service(
      DataMode mode, int group, long start, long end, int period, long now) {
    List<Datapoint> out = new ArrayList<>();
    for (long p = start; p < end; p += period) {
      if (p + period + lagSeconds(mode, p) > now) {
        continue;
      }
      var sum = new Sum();
      sum.add(group, (int) (p - offset), (int) (p + period - offset));
      if (sum.answered > 0) {
        // the service publishes only for requests it answered
        out.add(new Datapoint(p, sum.answered, sum.errors, 0, sum.latencyMs / sum.answered, false));
      }
    }
    return out;
  }

  /** One group's totals over some seconds. */
  private final class Sum {
    long routed;
    long answered;
    long connection;
    long errors;
    double latencyMs;
    long down;

    void add(int group, int from, int to) {
      int a = index(from);
      int b = index(to);
      long r = MetricsTimeline.this.routed[group][b] - MetricsTimeline.this.routed[group][a];
      long c =
          MetricsTimeline.this.connection[group][b] - MetricsTimeline.this.connection[group][a];
      routed += r;
      connection += c;
      answered += r - c;
      errors += MetricsTimeline.this.errors[group][b] - MetricsTimeline.this.errors[group][a];
      latencyMs +=
          MetricsTimeline.this.latencyMs[group][b] - MetricsTimeline.this.latencyMs[group][a];
      down += downSeconds[group][b] - downSeconds[group][a];
    }
  }

  private int index(int second) {
    int i = second + history;
    if (i < 0 || second > generated) {
      throw new IllegalStateException(
          "second " + second + " is outside the simulated " + -history + ".." + generated);
    }
    return i;
  }

  /** A Poisson draw: multiplication for small means, PTRS (Hörmann 1993) for large ones. */
  static long poisson(double mean, SplittableRandom rng) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < 10) {
      double limit = Math.exp(-mean);
      long k = 0;
      double p = rng.nextDouble();
      while (p > limit) {
        k++;
        p *= rng.nextDouble();
      }
      return k;
    }
    double slam = Math.sqrt(mean);
    double loglam = Math.log(mean);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = rng.nextDouble() - 0.5;
      double v = rng.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
          <= -mean + k * loglam - Gamma.logGamma(k + 1)) {
        return k;
      }
    }
  }
}
