package dev.slipway.pipeline.model;

/** The outcome of one canary analysis. */
public enum Verdict {
  /** The canary is no worse than the baseline. */
  PASS,
  /** The canary is significantly worse: roll back. */
  FAIL,
  /** Too little evidence either way: bake longer, then fail safe. */
  INCONCLUSIVE
}
