package dev.slipway.localcloud.codebuild;

import dev.slipway.localcloud.cli.LocalModeExtension;
import dev.slipway.localcloud.containers.LocalContainers;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.ecr.LocalEcr;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.LocalAws;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plugs CodeBuild and ECR into {@code slipway up}: the shared containers (podman configuration,
 * registry), ECR with its push/pull address on the endpoint's port + 1 (stable across restarts, so
 * image references in task definitions stay valid), CodeBuild building from the local GitHub
 * repositories, and the template provisioners for {@code AWS::ECR::Repository} and {@code
 * AWS::CodeBuild::Project}.
 */
public final class ContainerBuildExtension implements LocalModeExtension {
  private static final Pattern GITHUB =
      Pattern.compile("^(?:https://github\\.com/|git@github\\.com:)([^/]+)/([^/]+?)(?:\\.git)?/?$");

  private LocalContainers containers;
  private LocalEcr ecr;
  private LocalCodeBuild codeBuild;
  private Context context;

  @Override
  public String name() {
    return "CodeBuild and ECR (podman, local registry)";
  }

  @Override
  public void start(Context c) {
    this.context = c;
    Path state = c.stateDir();
    containers = LocalContainers.shared(state, 0);
    c.processes().record(containers.registry().process(), "docker-registry");
    int port = c.server().port() == 0 ? 0 : c.server().port() + 1;
    ecr =
        LocalEcr.start(
            containers.registry(),
            port,
            state.resolve("ecr/scan-findings.json"),
            Clock.systemUTC());
    codeBuild =
        new LocalCodeBuild(
            new LocalCodeBuild.Settings(
                state,
                containers.podman().environment().variables(),
                c.server().endpoint().toString(),
                LocalAws.REGION,
                LocalAws.ACCOUNT_ID,
                location -> repositoryFor(state, location),
                () -> Map.of("BASE_IMAGE", containers.baseImage()),
                request -> c.server().registry().call(request),
                Clock.systemUTC(),
                c.logs()));
    c.server().register(ServiceDescriptor.ecr(ecr));
    c.server().register(ServiceDescriptor.codeBuild(codeBuild));
    c.deployer()
        .register(
            "AWS::ECR::Repository",
            r -> {
              String name = ecr.provision(r.properties(), r.generatedName(256));
              return new Provisioned(
                  name,
                  Map.of("Arn", ecr.repositoryArn(name), "RepositoryUri", ecr.repositoryUri(name)));
            });
    c.deployer()
        .register(
            "AWS::CodeBuild::Project",
            r -> {
              String name = codeBuild.provision(r.properties(), r.generatedName(150));
              return new Provisioned(name, Map.of("Arn", codeBuild.projectArn(name)));
            });
  }

  /**
   * The local repository for a project's source: a GitHub URL maps to the local GitHub's bare
   * repository {@code <stateDir>/git/<owner>/<repo>.git}; a path or file:// URL is used as is.
   */
  static Path repositoryFor(Path stateDir, String location) {
    if (location != null) {
      Matcher m = GITHUB.matcher(location);
      if (m.matches()) {
        return stateDir.resolve("git").resolve(m.group(1)).resolve(m.group(2) + ".git");
      }
    }
    return LocalCodeBuild.localPathRepository(location);
  }

  @Override
  public void close() {
    if (codeBuild != null) {
      codeBuild.close();
    }
    if (ecr != null) {
      ecr.close();
    }
    if (containers != null) {
      long pid = containers.registry().process().pid();
      containers.release();
      context.processes().forget(pid);
    }
  }
}
