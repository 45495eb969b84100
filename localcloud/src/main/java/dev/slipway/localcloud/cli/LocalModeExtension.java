package dev.slipway.localcloud.cli;

import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.logs.LogSink;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.ProcessRegistry;
import dev.slipway.localcloud.server.StateDatabase;
import java.nio.file.Path;

/**
 * A part of local mode that plugs into {@code slipway up} from its own package (the container
 * services: CodeBuild, ECR, ECS, ELBv2). Implementations are found with {@link
 * java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/dev.slipway.localcloud.cli.LocalModeExtension}.
 */
public interface LocalModeExtension extends AutoCloseable {
  /**
   * What local mode offers an extension when it starts.
   *
   * @param logs where the lines of task containers and builds go in the local CloudWatch Logs
   */
  record Context(
      LocalCloudServer server,
      TemplateDeployer deployer,
      StateDatabase database,
      ProcessRegistry processes,
      Path stateDir,
      Path projectRoot,
      LogSink logs) {}

  /** A short name for progress output. */
  String name();

  /**
   * Registers services ({@code server.register(ServiceDescriptor.ecs(...))}) and template
   * provisioners ({@code deployer.register("AWS::ECS::Service", ...)}); called before the template
   * is deployed. Events go on the bus through {@code server.registry().call(PutEventsRequest)}.
   */
  void start(Context context) throws Exception;

  /**
   * Stops what a crashed local mode left behind in {@code stateDir} (containers, the registry,
   * HAProxy); called by {@code slipway down} when no local mode runs.
   */
  default void cleanUpAfterCrash(Path stateDir) {}

  /**
   * Prepares {@code stateDir} for a {@code slipway up} after a crash: by default what {@link
   * #cleanUpAfterCrash} does; an extension whose leftovers the new run adopts (the task containers
   * and load balancers that keep serving) leaves them.
   */
  default void beforeRestartAfterCrash(Path stateDir) {
    cleanUpAfterCrash(stateDir);
  }

  /**
   * Ports of local mode's block ({@code endpointPort} and up) that a process this extension will
   * adopt still holds (a crash's HAProxy): not a conflict for {@code slipway up}.
   */
  default java.util.Set<Integer> portsToAdopt(Path stateDir, int endpointPort) {
    return java.util.Set.of();
  }

  /** Stops what the extension started (containers, registry, load balancers). */
  @Override
  void close();
}
