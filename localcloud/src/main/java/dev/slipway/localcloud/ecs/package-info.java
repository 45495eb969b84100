/**
 * Amazon ECS for local mode: clusters, task definitions and REPLICA services whose tasks are
 * containers on the local engine (podman, through {@link
 * dev.slipway.localcloud.ecs.PodmanTaskContainers}).
 *
 * <h2>A task's life</h2>
 *
 * <p>PROVISIONING (secrets resolved through {@link dev.slipway.localcloud.ecs.SecretSource},
 * Secrets Manager's GetSecretValue, including {@code :json-key:stage:version} suffixes) → PENDING
 * (image pulled by the reference in the task definition, a digest in a pipeline; every container
 * port published on 127.0.0.1 at a free host port; secrets reach the container's environment
 * without appearing on a command line) → ACTIVATING (targets {@code 127.0.0.1:<hostPort>}
 * registered with each of the service's target groups) → RUNNING. Stopping: DEACTIVATING
 * (deregistered, waits while ELBv2 reports the target draining, at most the deregistration delay
 * plus 5 s) → STOPPING (SIGTERM, {@code stopTimeout} — default 30 s, at most 120 —, SIGKILL) →
 * STOPPED. Every change emits an "ECS Task State Change" event through the {@link
 * dev.slipway.localcloud.ecs.EventSink} (EventBridge PutEvents, {@code source aws.ecs}).
 *
 * <h2>The scheduler</h2>
 *
 * <p>Every 500 ms: containers that exited are noticed (the task stops with
 * ESSENTIAL_CONTAINER_EXITED and is replaced), container health checks ({@code CMD} / {@code
 * CMD-SHELL}, with interval, timeout, retries, startPeriod) run with {@code podman exec}, target
 * health is read with DescribeTargetHealth, and each service takes one rolling-update step within
 * {@code minimumHealthyPercent} / {@code maximumPercent}. A task counts as healthy when it is
 * RUNNING, its container health checks pass (if any) and all its targets are healthy; a target
 * reported unhealthy after {@code healthCheckGracePeriodSeconds} gets the task replaced. A
 * deployment is COMPLETED when only its tasks run, as many as desired, all healthy. Tasks that stop
 * without ever being healthy count toward the deployment circuit breaker (threshold: half the
 * desired count, 3–200); when it trips the deployment FAILS and, with {@code rollback}, a new
 * deployment of the last completed task definition takes over (adopting its remaining tasks). "ECS
 * Deployment State Change" events (IN_PROGRESS, COMPLETED, FAILED) carry the deployment id.
 * ListServiceDeployments / DescribeServiceDeployments show one service deployment per
 * CreateService/UpdateService (SUCCESSFUL, STOPPED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL).
 *
 * <h2>Logs</h2>
 *
 * <p>A container whose definition uses the {@code awslogs} log driver has its output read through
 * {@link dev.slipway.localcloud.ecs.TaskLogs} (in {@code slipway up}: {@link
 * dev.slipway.localcloud.logs.ContainerLogReader}) from the moment it starts, again after a restart
 * that adopts it, and to its last line once it stopped (before it is removed); its lines become
 * events of its {@code awslogs-group} in the stream {@code <prefix>/<container>/<task id>} ({@link
 * dev.slipway.localcloud.ecs.TaskLogs#destination}) and its embedded metric format lines CloudWatch
 * metrics, as CloudWatch Logs extracts them. Other log drivers send the output nowhere ({@code
 * podman logs} still shows it).
 *
 * <h2>Differences from AWS</h2>
 *
 * <p>Launch type is reported as FARGATE; network mode, CPU and memory are recorded but not
 * enforced; one task's containers do not share a network namespace (each publishes its own ports);
 * volumes, dependsOn, service discovery, capacity providers, task sets (CODE_DEPLOY and EXTERNAL
 * controllers) and deployment alarms are not supported; state is in memory (a restart of local mode
 * recreates services from the template).
 */
package dev.slipway.localcloud.ecs;
