package dev.slipway.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the shaded handler jar that functions/ builds, which every Lambda function runs. */
public final class LambdaCode {
  private LambdaCode() {}

  /**
   * The handler jar: {@code slipway.lambdaJar} (system property) or {@code SLIPWAY_LAMBDA_JAR} if
   * set, else the one {@code functions/target/slipway-functions-*-lambda.jar} under {@code root}.
   *
   * @throws IllegalStateException saying how to build it when there is none
   */
  public static Path find(Path root) {
    String explicit = System.getProperty("slipway.lambdaJar", System.getenv("SLIPWAY_LAMBDA_JAR"));
    if (explicit != null && !explicit.isBlank()) {
      Path jar = Path.of(explicit);
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("handler jar " + jar.toAbsolutePath() + " does not exist");
      }
      return jar;
    }
    Path target = root.resolve("functions/target");
    List<Path> jars;
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      jars =
          files
              .filter(p -> p.getFileName().toString().matches("slipway-functions-.+-lambda\\.jar"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + target + ": " + e.getMessage(), e);
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException(
          "no handler jar in "
              + target.toAbsolutePath()
              + " (slipway-functions-<version>-lambda.jar); build it first: mvn -pl functions -am"
              + " package -DskipTests");
    }
    return jars.getLast();
  }

  /**
   * The project root: the nearest directory up from {@code start} with functions/ and
   * statemachines/.
   */
  public static Path projectRoot(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("functions"))
          && Files.isDirectory(dir.resolve("statemachines"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the Slipway project root (with functions/ and statemachines/) above "
            + start.toAbsolutePath());
  }
}
