/**
 * Containers for local mode: podman configured only through environment variables pointing at the
 * project's files, the local OCI registry, and the jlink base image.
 *
 * <ul>
 *   <li>{@link dev.slipway.localcloud.containers.LocalContainers#start} — configure podman under
 *       the state dir, remove what a crashed run left, start the registry; {@code close()} removes
 *       the containers and stops the registry; {@code cleanUp(stateDir)} does the same for {@code
 *       slipway down} when nothing runs in-process.
 *   <li>{@link dev.slipway.localcloud.containers.PodmanEnvironment} — {@code containers.conf}
 *       (runc, cgroupfs, ulimits, file events), {@code storage.conf} and {@code registries.conf}
 *       rendered under {@code <stateDir>/podman/}; {@code variables()} selects them.
 *   <li>{@link dev.slipway.localcloud.containers.Podman} — build / push (returns the digest) / pull
 *       / tag / run ({@link dev.slipway.localcloud.containers.RunSpec}) / stop (SIGTERM, then
 *       SIGKILL after the grace) / kill / inspect ({@link
 *       dev.slipway.localcloud.containers.ContainerState}) / remove / logs, each with a timeout.
 *       Every container gets the label {@link
 *       dev.slipway.localcloud.containers.Podman#OWNER_LABEL}.
 *   <li>{@link dev.slipway.localcloud.containers.LocalRegistry} — {@code docker-registry serve} on
 *       127.0.0.1, storage under {@code <stateDir>/registry/data}, pid file for crash cleanup.
 *   <li>{@link dev.slipway.localcloud.containers.JlinkBaseImage} — {@code
 *       localhost/slipway/jre:<hash>} from the host JDK, rebuilt only when the JDK changes.
 * </ul>
 */
package dev.slipway.localcloud.containers;
