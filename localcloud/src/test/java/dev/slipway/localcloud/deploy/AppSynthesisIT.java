package dev.slipway.localcloud.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold path of a fresh clone: no {@code target/} anywhere, so {@link AppSynthesis} builds the
 * handlers and the CDK app with Maven before it synthesizes. Runs against a small reactor shaped as
 * the project's (a root POM with {@code functions} and {@code infra}, infra depending on functions,
 * the project's parent POM for plugin versions) whose app writes a manifest naming what it saw.
 */
class AppSynthesisIT {
  @TempDir Path clone;

  @Test
  void aFreshCloneIsBuiltFromTheReactorRootThenSynthesized() throws Exception {
    Path project = Path.of(System.getProperty("slipway.root")).toAbsolutePath().normalize();
    writeReactor(project);
    Path config = Files.writeString(clone.resolve("my config.json"), "{}");
    List<String> progress = new ArrayList<>();

    Path out =
        new AppSynthesis(clone, progress::add, clone.resolve("logs/synth.log"))
            .ensure(config, clone.resolve("cdk.out"));

    assertThat(Files.readString(out.resolve("manifest.json")))
        .as("the app ran from infra/target/classes with functions on its classpath")
        .contains("\"handlers\":\"slipway-handlers\"")
        .contains(config.toString());
    assertThat(clone.resolve("infra/target/lib/fake-functions-0.1.0.jar")).isRegularFile();
    assertThat(progress)
        .anyMatch(line -> line.contains("building the handlers and the CDK app"))
        .anyMatch(line -> line.contains("synthesizing the CDK app"));

    progress.clear();
    new AppSynthesis(clone, progress::add, clone.resolve("logs/synth.log"))
        .ensure(config, clone.resolve("cdk.out"));
    assertThat(progress).as("an assembly newer than its inputs is kept").isEmpty();
  }

  private void writeReactor(Path project) throws Exception {
    String parent =
        "<parent><groupId>dev.slipway</groupId><artifactId>slipway-parent</artifactId>"
            + "<version>0.1.0</version><relativePath>"
            + clone.relativize(project.resolve("pom.xml"))
            + "</relativePath></parent>";
    write(
        "pom.xml",
        pom(
            parent,
            "fake-reactor",
            "pom",
            "<modules><module>functions</module>" + "<module>infra</module></modules>"));
    String moduleParent =
        "<parent><groupId>dev.fake</groupId><artifactId>fake-reactor</artifactId>"
            + "<version>0.1.0</version></parent>";
    write("functions/pom.xml", pom(moduleParent, "fake-functions", "jar", ""));
    write(
        "functions/src/main/java/dev/fake/Handlers.java",
        "package dev.fake; public final class Handlers { public static final String NAME ="
            + " \"slipway-handlers\"; }");
    write(
        "infra/pom.xml",
        pom(
            moduleParent,
            "fake-infra",
            "jar",
            "<dependencies><dependency><groupId>dev.fake</groupId>"
                + "<artifactId>fake-functions</artifactId><version>0.1.0</version></dependency>"
                + "</dependencies><build><plugins><plugin>"
                + "<groupId>org.apache.maven.plugins</groupId>"
                + "<artifactId>maven-dependency-plugin</artifactId><executions><execution>"
                + "<phase>package</phase><goals><goal>copy-dependencies</goal></goals>"
                + "<configuration><outputDirectory>${project.build.directory}/lib"
                + "</outputDirectory></configuration></execution></executions></plugin>"
                + "</plugins></build>"));
    write(
        "infra/src/main/java/dev/slipway/infra/SlipwayApp.java",
        """
        package dev.slipway.infra;

        import java.nio.file.Files;
        import java.nio.file.Path;

        public final class SlipwayApp {
          public static void main(String[] args) throws Exception {
            String context = System.getenv().getOrDefault("CDK_CONTEXT_JSON", "{}");
            Files.writeString(
                Path.of(System.getenv("CDK_OUTDIR")).resolve("manifest.json"),
                "{\\"handlers\\":\\"" + dev.fake.Handlers.NAME + "\\",\\"context\\":" + context + "}");
          }
        }
        """);
  }

  private static String pom(String parent, String artifact, String packaging, String rest) {
    return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + parent
        + "<groupId>dev.fake</groupId><artifactId>"
        + artifact
        + "</artifactId><version>0.1.0</version><packaging>"
        + packaging
        + "</packaging>"
        + rest
        + "</project>";
  }

  private void write(String path, String content) throws Exception {
    Path file = clone.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
