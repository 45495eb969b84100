package dev.slipway.localcloud.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

/** Shared state dir and a tiny app image for the container integration tests. */
public final class ContainerTestSupport {
  private ContainerTestSupport() {}

  /** One state dir for all ITs of this module, so the jlink base image is built once. */
  public static Path stateDir() {
    return Path.of("target", "it-state").toAbsolutePath();
  }

  /** Builds an image of {@link TinyHttpServer} on {@code baseImage} as {@code tag}. */
  public static String buildTinyApp(Podman podman, String baseImage, String tag)
      throws IOException {
    Path context = Files.createTempDirectory(stateDir(), "tiny-app");
    String classFile = TinyHttpServer.class.getName().replace('.', '/') + ".class";
    Path target = context.resolve("app").resolve(classFile);
    Files.createDirectories(target.getParent());
    try (var in = TinyHttpServer.class.getClassLoader().getResourceAsStream(classFile)) {
      Files.copy(in, target);
    }
    Path containerfile = context.resolve("Containerfile");
    Files.writeString(
        containerfile,
        """
        ARG BASE_IMAGE
        FROM ${BASE_IMAGE}
        COPY app/ /app/
        ENTRYPOINT ["java", "-XX:-UsePerfData", "-cp", "/app", "%s"]
        """
            .formatted(TinyHttpServer.class.getName()));
    try {
      return podman.build(
          context, containerfile, tag, Map.of("BASE_IMAGE", baseImage), Duration.ofMinutes(2));
    } finally {
      try (var paths = Files.walk(context)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
