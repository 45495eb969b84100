package dev.slipway.localcloud.stepfunctions.asl.model;

import java.util.List;

/** One Retry entry (defaults as in the ASL spec: 1 s, 3 attempts, backoff 2.0). */
public record Retrier(
    List<String> errorEquals,
    double intervalSeconds,
    int maxAttempts,
    double backoffRate,
    Integer maxDelaySeconds,
    boolean fullJitter) {}
