/**
 * Elastic Load Balancing v2 (Application Load Balancers) for local mode, backed by HAProxy 2.6 on
 * 127.0.0.1.
 *
 * <h2>Port layout</h2>
 *
 * <p>Every listener binds on 127.0.0.1. Load balancer number {@code n} (creation order, from 0)
 * owns ten ports from {@code base + 10n}; {@code base} is the constructor's {@code basePort} (local
 * mode uses 4600):
 *
 * <table>
 *   <caption>Listener ports</caption>
 *   <tr><th>listener port</th><th>local port</th></tr>
 *   <tr><td>80</td><td>base + 10n</td></tr>
 *   <tr><td>443</td><td>base + 10n + 1</td></tr>
 *   <tr><td>8080</td><td>base + 10n + 2</td></tr>
 *   <tr><td>8443</td><td>base + 10n + 3</td></tr>
 *   <tr><td>any other</td><td>the next free of base + 10n + 4 … + 9</td></tr>
 * </table>
 *
 * <p>A load balancer's {@code DNSName} is {@code 127.0.0.1:<its port-80 slot>}, so {@code
 * http://<DNSName>/} reaches its port-80 listener as it would on AWS; {@link
 * dev.slipway.localcloud.elbv2.Elbv2Service#localPort} gives any listener's port. HTTPS listeners
 * are served as plain HTTP on their local port (their certificate and TLS policy are accepted and
 * not used). HAProxy's admin socket, config, server-state file, pid list and log are in the state
 * directory given to the service.
 *
 * <h2>How ELBv2 maps onto HAProxy</h2>
 *
 * <ul>
 *   <li>A listener is a frontend; its rules become {@code http-request} rules evaluated in priority
 *       order (the first match answers a fixed response or picks a backend), then the default rule.
 *   <li>Each rule (the default one too) is one backend holding the targets of every target group it
 *       forwards to. Target group weights (0–999) become per-server weights ({@code weight(tg) /
 *       targets(tg)}, on the 1–256 scale whose rounding best matches the rule: 95/5 is 247/13), so
 *       a weight change is a runtime {@code set weight} that drops nothing, whatever the number of
 *       targets per group. Pointing a rule or listener at another target group adds that group's
 *       servers (serving at once if they already passed their checks elsewhere, e.g. behind the
 *       test listener) and drains the old ones, deleted when their last request ends.
 *   <li>RegisterTargets is {@code add server} (weight 0, forced down, then its weight: traffic
 *       waits for {@code HealthyThresholdCount} passing checks, ELBv2's "initial").
 *       DeregisterTargets sets the server to {@code drain}; the target is "draining" until no
 *       request is in flight or {@code deregistration_delay.timeout_seconds} passes, then it is
 *       deleted (its counters are read first).
 *   <li>A structural change (listener, rule, condition, health check settings) reloads HAProxy: the
 *       new process takes the listening sockets over ({@code -x}), the old one finishes its
 *       connections, health states carry over through the server-state file.
 *   <li>Health checks use the target group's path, interval, timeout, thresholds and matcher
 *       (HAProxy: {@code http-check}, {@code inter}, {@code rise}, {@code fall}). A backend with
 *       several target groups checks with the first group's path.
 *   <li>Per-server stats ({@code show stat}) are polled every 250 ms and gathered per calendar
 *       minute as {@code AWS/ApplicationELB} RequestCount, HTTPCode_Target_5XX_Count (Count) and
 *       TargetResponseTime (Seconds, HAProxy's moving average weighted by requests), with the
 *       dimension sets {TargetGroup, LoadBalancer} and {TargetGroup}, TargetConnectionErrorCount
 *       (HAProxy's connection errors) and HealthyHostCount / UnHealthyHostCount (the targets'
 *       health sampled each poll) with {TargetGroup, LoadBalancer}; a minute is published through a
 *       {@link dev.slipway.localcloud.elbv2.MetricsSink} (CloudWatch PutMetricData) once it has
 *       ended and the publication delay ({@link dev.slipway.localcloud.elbv2.AlbMetricsDelay}) has
 *       passed, with only the metrics that have a nonzero value, as an ALB reports them.
 * </ul>
 *
 * <h2>Differences from AWS</h2>
 *
 * <p>Targets are IPv4 addresses only ({@code TargetType ip}); conditions: path-pattern,
 * host-header, http-header, http-request-method (not query-string, source-ip); an http-header
 * condition matches as ALB's does: the header name in any case, the whole value (not split at
 * commas) case-insensitively with {@code *} and {@code ?}, a request without the header never;
 * actions: forward (weighted), fixed-response and redirect (not authenticate): a redirect to a port
 * of the same load balancer goes to {@code http://<host>:<that listener's local port>} (HTTPS is
 * plain HTTP locally), with the path and, when there is one, the query string; a listener's port
 * cannot change; stickiness, slow start and ELB-generated metrics (HTTPCode_ELB_*) are not
 * modelled.
 */
package dev.slipway.localcloud.elbv2;
