package dev.slipway.pipeline.bench;

import java.util.SplittableRandom;

/** Lognormal per-request response times: median in milliseconds and sigma of the log. */
final class Latency {
  /** The standard normal's 99th percentile: p99 = median × exp(Z99 × sigma). */
  static final double Z99 = 2.3263478740408408;

  /** Sums of more requests than this are drawn from a moment-matched lognormal. */
  private static final int EXACT_UP_TO = 8;

  private final double medianMs;
  private final double sigma;
  private final double mu;
  private final double mean;
  private final double relativeVariance;

  Latency(double medianMs, double sigma) {
    this.medianMs = medianMs;
    this.sigma = sigma;
    this.mu = Math.log(medianMs);
    this.mean = Math.exp(mu + sigma * sigma / 2);
    this.relativeVariance = Math.expm1(sigma * sigma);
  }

  double medianMs() {
    return medianMs;
  }

  double p99Ms() {
    return medianMs * Math.exp(Z99 * sigma);
  }

  double meanMs() {
    return mean;
  }

  /**
   * The summed response time of {@code n} requests: exact for a few, else the Fenton-Wilkinson
   * lognormal with the sum's mean and variance (keeps the sum positive and right-skewed).
   */
  double sum(long n, SplittableRandom rng) {
    if (n <= 0) {
      return 0;
    }
    if (n <= EXACT_UP_TO) {
      double total = 0;
      for (long i = 0; i < n; i++) {
        total += Math.exp(mu + sigma * rng.nextGaussian());
      }
      return total;
    }
    double s2 = Math.log1p(relativeVariance / n);
    return Math.exp(Math.log(n * mean) - s2 / 2 + Math.sqrt(s2) * rng.nextGaussian());
  }
}
