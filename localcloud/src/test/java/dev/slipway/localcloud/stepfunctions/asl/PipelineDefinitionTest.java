package dev.slipway.localcloud.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Slipway's own pipeline definition passes the engine's CreateStateMachine validation. */
class PipelineDefinitionTest {
  static String pipelineDefinition() throws Exception {
    Path file = Path.of(System.getProperty("slipway.root"), "statemachines", "pipeline.asl.json");
    String text = Files.readString(file);
    // definitionSubstitutions as CDK applies them: ARNs for functions, numbers for the rest
    Matcher m = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value =
          name.endsWith("FunctionArn")
              ? "arn:aws:lambda:us-east-1:000000000000:function:" + name.replace("FunctionArn", "")
              : "60";
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Test
  void pipelineDefinitionIsValid() throws Exception {
    StateMachine machine = DefinitionParser.parse(pipelineDefinition());
    assertThat(machine.states()).isNotEmpty();
    assertThat(machine.states().values()).anyMatch(s -> s instanceof State.Task);
  }
}
