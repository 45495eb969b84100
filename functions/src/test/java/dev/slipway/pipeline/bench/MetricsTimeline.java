package dev.slipway.pipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * One simulated deploy's requests, 5xx responses and summed response times per target group, one
 * slot per second, and what CloudWatch {@code GetMetricData} answers for a window of them in each
 * {@link DataMode}. Times are seconds relative to the first canary traffic shift; {@code offset}
 * places them on the wall clock (minute boundaries, local publish ticks).
 */
final class MetricsTimeline {
  static final int BASELINE = 0;
  static final int CANARY = 1;

  /**
   * Local mode publishes a target group's counts once 10 s have passed since the last publish, on
   * its next 250-ms tick: about every 10.2 s, so a 30-s window holds 2 or 3 datapoints.
   */
  static final double LOCAL_PUBLISH_SECONDS = 10.2;

  /** How one target group serves during one second; failing requests count in the 5xx metric. */
  record Serving(double requestsPerSecond, double errorRate, Latency latency) {
    /** No requests reach a target (none registered, or the load balancer answers itself). */
    static final Serving IDLE = new Serving(0, 0, null);
  }

  /** Chooses each second's serving. */
  interface Source {
    Serving serving(int group, int second);
  }

  /**
   * One GetMetricData datapoint of one group: RequestCount (Sum), HTTPCode_Target_5XX_Count (Sum)
   * and TargetResponseTime (Average, seconds) of a period; {@code second} is its timestamp.
   */
  record Datapoint(double second, double requests, double errors, double latencySeconds) {}

  private final int history;
  private final long offset;
  private final double localPhase;
  private final SplittableRandom rng;
  // prefix sums over slots: index i + 1 holds the total of seconds -history .. i - history
  private final long[][] requests;
  private final long[][] errors;
  private final double[][] latencyMs;
  private int generated;

  /**
   * @param history seconds before 0 to simulate (the baseline's earlier windows)
   * @param capacity seconds from 0 on that may be simulated
   * @param offset the wall-clock second of relative second 0
   * @param localPhase wall-clock second of a local publish tick, in [0, LOCAL_PUBLISH_SECONDS)
   */
  MetricsTimeline(int history, int capacity, long offset, double localPhase, SplittableRandom rng) {
    this.history = history;
    this.offset = offset;
    this.localPhase = localPhase;
    this.rng = rng;
    int slots = history + capacity + 1;
    requests = new long[2][slots];
    errors = new long[2][slots];
    latencyMs = new double[2][slots];
    generated = -history;
  }

  /** Simulates every second from the last simulated one up to {@code until} (exclusive). */
  void generate(int until, Source source) {
    for (int t = generated; t < until; t++) {
      int i = t + history;
      for (int g = 0; g < 2; g++) {
        Serving s = source.serving(g, t);
        long n = 0;
        long e = 0;
        double ms = 0;
        if (s.requestsPerSecond() > 0) {
          // a Poisson stream thinned by the error rate: successes and failures are independent
          long ok = poisson(s.requestsPerSecond() * (1 - s.errorRate()), rng);
          e = poisson(s.requestsPerSecond() * s.errorRate(), rng);
          n = ok + e;
          ms = s.latency().sum(n, rng);
        }
        requests[g][i + 1] = requests[g][i] + n;
        errors[g][i + 1] = errors[g][i] + e;
        latencyMs[g][i + 1] = latencyMs[g][i] + ms;
      }
    }
    generated = Math.max(generated, until);
  }

  /** Requests of {@code group} in seconds [from, to), as simulated (not as published). */
  long requests(int group, int from, int to) {
    return requests[group][index(to)] - requests[group][index(from)];
  }

  /**
   * What GetMetricData returns for one group's three series over [{@code start}, {@code end}) with
   * {@code period}, asked at {@code now}; only periods with requests have datapoints.
   *
   * @param lagSeconds aws-60s only: a minute is published this long after it ends
   */
  List<Datapoint> datapoints(
      DataMode mode, int group, int start, int end, int period, int now, double lagSeconds) {
    return switch (mode) {
      case LOCAL_10S -> local(group, start, end, period, now);
      case AWS_60S -> aws(group, start, end, period, now, lagSeconds);
    };
  }

  private List<Datapoint> aws(
      int group, int start, int end, int period, int now, double lagSeconds) {
    long origin = Math.floorDiv(start + offset, (long) period) * period;
    var buckets = new Buckets(origin, period);
    for (long minute = Math.ceilDiv(origin, 60L) * 60; minute < end + offset; minute += 60) {
      if (minute + 60 + lagSeconds > now + offset) {
        break;
      }
      int from = (int) (minute - offset);
      buckets.add(minute, group, from, from + 60);
    }
    return buckets.done();
  }

  private List<Datapoint> local(int group, int start, int end, int period, int now) {
    double origin = start + offset;
    var buckets = new Buckets(origin, period);
    double d = LOCAL_PUBLISH_SECONDS;
    for (long k = (long) Math.ceil((origin - localPhase) / d); ; k++) {
      double published = localPhase + k * d;
      if (published >= end + offset || published > now + offset) {
        break;
      }
      // the requests served since the previous publish, stamped with this publish's time
      int from = (int) Math.ceil(published - d - offset);
      int to = (int) Math.ceil(published - offset);
      buckets.add(published, group, from, to);
    }
    return buckets.done();
  }

  /** Aggregates published points into periods from the query's origin, as CloudWatch does. */
  private final class Buckets {
    private final double origin;
    private final int period;
    private final List<Datapoint> out = new ArrayList<>();
    private long bucket = Long.MIN_VALUE;
    private long n;
    private long e;
    private double ms;

    Buckets(double origin, int period) {
      this.origin = origin;
      this.period = period;
    }

    void add(double wallClock, int group, int from, int to) {
      long r = requests[group][index(to)] - requests[group][index(from)];
      if (r == 0) {
        return; // a period without requests publishes no datapoint
      }
      long b = (long) Math.floor((wallClock - origin) / period);
      if (b != bucket) {
        flush();
        bucket = b;
      }
      n += r;
      e += errors[group][index(to)] - errors[group][index(from)];
      ms += latencyMs[group][index(to)] - latencyMs[group][index(from)];
    }

    List<Datapoint> done() {
      flush();
      return out;
    }

    private void flush() {
      if (n > 0) {
        double second = origin + bucket * (double) period - offset;
        out.add(new Datapoint(second, n, e, ms / n / 1000.0));
      }
      n = 0;
      e = 0;
      ms = 0;
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
