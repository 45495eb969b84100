/**
 * {@code slipway demo}: the sample service pushed through the whole pipeline three times in local
 * mode (first deploy, a healthy canary promoted, a broken canary rolled back), with steady load on
 * the production load balancer, a live step view and a report (timeline per push, serving version,
 * failed requests during each deploy, DORA figures from the deployment records).
 *
 * <p>{@link dev.slipway.localcloud.demo.DemoRunner} runs it; {@link
 * dev.slipway.localcloud.demo.SteadyLoad} is the bounded load generator (loopback only) that the
 * end-to-end tests use too. The demo's pipeline config (short bake times) is {@code
 * examples/hello-service/slipway.demo.json}, synthesized with the project's CDK app.
 */
package dev.slipway.localcloud.demo;
