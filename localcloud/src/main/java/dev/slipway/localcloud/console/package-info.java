/**
 * The local console at {@code http://127.0.0.1:4566/console}: what the Step Functions console and a
 * rollout dashboard show, for local mode.
 *
 * <ul>
 *   <li>{@link dev.slipway.localcloud.console.ConsoleRoute} serves the page and its ES modules and
 *       CSS from the jar ({@code /console/} resources; no CDN, no build step) and the JSON
 *       endpoints under {@code /console/api/}: {@code state-machines}, {@code
 *       executions?stateMachineArn=&status=}, {@code execution?arn=} (graph, per-state status,
 *       history), {@code deployments}; and the actions {@code POST approve} and {@code POST
 *       rollback}.
 *   <li>Data comes only through the service APIs, called in-process through the endpoint's {@link
 *       dev.slipway.localcloud.server.ServiceRegistry}: Step Functions (ListExecutions,
 *       DescribeExecution, GetExecutionHistory), DynamoDB (the deployments table), ELBv2 (listener
 *       weights). Deployment records are {@code dev.slipway.pipeline.model.DeploymentRecord}; DORA
 *       figures are {@code dev.slipway.pipeline.DoraMetrics}, the same as {@code slipway history}
 *       ({@link dev.slipway.localcloud.console.HistoryReport}) prints.
 *   <li>{@link dev.slipway.localcloud.console.GraphLayout} lays the ASL out server-side (layers by
 *       longest path, Parallel branches and Map processors nested in their state's box); the page
 *       only draws SVG and polls the execution once a second while it runs.
 *   <li>Guards: actions need the per-start token embedded in the page, a {@code Host} and {@code
 *       Origin} of 127.0.0.1/localhost (the endpoint listens on loopback only), and {@code
 *       confirmed: true} after the page's confirmation dialog. Task tokens, and any field whose
 *       name mentions a token, secret, password, signature or credential, are replaced by {@code
 *       [hidden]} in everything the endpoints return.
 * </ul>
 *
 * <p>{@link dev.slipway.localcloud.console.ConsoleExtension} registers the route in {@code slipway
 * up} through the {@code LocalModeExtension} service file.
 */
package dev.slipway.localcloud.console;
