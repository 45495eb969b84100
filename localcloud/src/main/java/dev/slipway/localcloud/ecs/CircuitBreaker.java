package dev.slipway.localcloud.ecs;

/**
 * The ECS deployment circuit breaker's failure threshold: half the desired count, rounded up, kept
 * between 3 and 200 (ECS documentation, "How the Amazon ECS deployment circuit breaker detects
 * failures").
 */
final class CircuitBreaker {
  private CircuitBreaker() {}

  static int threshold(int desiredCount) {
    return Math.min(200, Math.max(3, (int) Math.ceil(desiredCount * 0.5)));
  }
}
