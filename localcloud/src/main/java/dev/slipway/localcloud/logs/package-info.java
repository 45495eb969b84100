/**
 * CloudWatch Logs for local mode, the part task containers' metrics need: the output of a task
 * container whose task definition uses the {@code awslogs} log driver is read as log events, and
 * the events in the CloudWatch embedded metric format (EMF) become metrics in the local CloudWatch,
 * as CloudWatch Logs extracts them on AWS without any agent.
 *
 * <ul>
 *   <li>{@link dev.slipway.localcloud.logs.EmbeddedMetricFormat} — one log event to the
 *       PutMetricData requests CloudWatch Logs makes of it, with the specification's validation (an
 *       invalid document is a plain log line and gives no metric).
 *   <li>{@link dev.slipway.localcloud.logs.ContainerLogReader} — one thread reading podman's
 *       k8s-file log files of the followed containers, with the read offsets saved so a restarted
 *       local mode that adopts running containers neither loses nor repeats lines.
 * </ul>
 *
 * <p>Differences from AWS: the log events themselves are not stored (there is no local GetLogEvents
 * or FilterLogEvents; {@code podman logs} shows them), the log group need not exist, the {@code
 * awslogs-multiline-pattern} and {@code awslogs-datetime-format} options (which join lines into one
 * event) are ignored, and the {@code AWS/Logs} metrics {@code EMFValidationErrors} / {@code
 * EMFParsingErrors} are not published: the first invalid EMF line of a container is reported on
 * local mode's stderr instead.
 */
package dev.slipway.localcloud.logs;
