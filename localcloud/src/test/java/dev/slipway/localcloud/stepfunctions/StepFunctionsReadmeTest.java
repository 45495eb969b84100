package dev.slipway.localcloud.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.protocol.ServiceOperations;
import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's list of Step Functions operations is the set the API answers. */
class StepFunctionsReadmeTest {
  @TempDir Path dir;

  @Test
  void readmeListsExactlyTheImplementedOperations() throws Exception {
    String readme =
        Files.readString(Path.of(System.getProperty("slipway.root"), "localcloud", "README.md"));
    String section = readme.substring(readme.indexOf("## Step Functions"));
    Matcher m = Pattern.compile("Operations: ([^.]+)\\.", Pattern.DOTALL).matcher(section);
    assertThat(m.find()).as("an 'Operations: ...' line in the Step Functions section").isTrue();
    TreeSet<String> listed = new TreeSet<>(Arrays.asList(m.group(1).split(",\\s*")));
    try (StepFunctionsEngine engine =
        new StepFunctionsEngine(dir, EngineClock.system(), inv -> new CompletableFuture<>())) {
      StepFunctionsApi api = new StepFunctionsApi(engine, "us-east-1", "000000000000");
      assertThat(listed).isEqualTo(new TreeSet<>(ServiceOperations.scan(api).all().keySet()));
    }
  }
}
