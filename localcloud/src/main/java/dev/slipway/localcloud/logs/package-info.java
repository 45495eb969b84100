/**
 * CloudWatch Logs for local mode: the log groups, streams and events that functions, task
 * containers and builds write, served over the CloudWatch Logs API, and the metrics CloudWatch Logs
 * extracts from task containers' embedded metric format (EMF) lines, as it does on AWS without any
 * agent.
 *
 * <ul>
 *   <li>{@link dev.slipway.localcloud.logs.LocalCloudWatchLogs} — the API (DescribeLogGroups,
 *       DescribeLogStreams, GetLogEvents, FilterLogEvents, CreateLogGroup, CreateLogStream,
 *       PutLogEvents, PutRetentionPolicy) and the {@link dev.slipway.localcloud.logs.LogSink} the
 *       producers send their lines to; {@code LogStore} keeps them in the state database, written
 *       in batches; {@code LogTokens} and {@code FilterPattern} are the tokens and the pattern
 *       matching.
 *   <li>{@link dev.slipway.localcloud.logs.EmbeddedMetricFormat} — one log event to the
 *       PutMetricData requests CloudWatch Logs makes of it, with the specification's validation (an
 *       invalid document is a plain log line and gives no metric).
 *   <li>{@link dev.slipway.localcloud.logs.ContainerLogReader} — one thread reading podman's
 *       k8s-file log files of the followed containers into log events and metrics, with the read
 *       offsets saved so a restarted local mode that adopts running containers neither loses nor
 *       repeats lines.
 * </ul>
 *
 * <p>Differences from AWS: retention never expires events, a task's log group need not exist, the
 * {@code awslogs-multiline-pattern} and {@code awslogs-datetime-format} options (which join lines
 * into one event) are ignored, and the {@code AWS/Logs} metrics {@code EMFValidationErrors} /
 * {@code EMFParsingErrors} are not published: the first invalid EMF line of a container is reported
 * on local mode's stderr instead.
 */
package dev.slipway.localcloud.logs;
