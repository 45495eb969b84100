package dev.slipway.localcloud.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionException;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionParser;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CreateStateMachine-time validation: each bad definition is named with its problem and place. */
class DefinitionValidationTest {
  static Stream<Arguments> badDefinitions() {
    return Stream.of(
        Arguments.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"}}}",
            "SCHEMA_VALIDATION_FAILED: This state must have either a \"Next\" field or \"End\": true at /States/A"),
        Arguments.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true},\"B\":{\"Type\":\"Succeed\"}}}",
            "UNREACHABLE_STATE: State \"B\" is not reachable. at /States/B"),
        Arguments.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"C\"}}}",
            "MISSING_TRANSITION_TARGET: Missing 'Next' target: C at /States/A/Next"),
        Arguments.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"InputPath\":\"$.a[\",\"End\":true}}}",
            "The value for the field 'InputPath' must be a valid JSONPath at /States/A/InputPath"),
        Arguments.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"States.Format('a'\"},\"End\":true}}}",
            "at /States/A/Parameters/x.$"),
        Arguments.of(
            "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Output\":\"{% $states.input. %}\",\"End\":true}}}",
            "is not valid"),
        Arguments.of(
            "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"InputPath\":\"$\",\"End\":true}}}",
            "The field \"InputPath\" is not supported when QueryLanguage is JSONata at /States/A/InputPath"),
        Arguments.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Assign\":{\"1x\":1},\"End\":true}}}",
            "The variable name '1x' is not valid"),
        Arguments.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Retry\":[{\"ErrorEquals\":[\"States.ALL\",\"X\"]}],\"End\":true}}}",
            "States.ALL must appear alone"),
        Arguments.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.x\",\"Next\":\"A\"}]}}}",
            "A Choice rule must have a comparison operator"),
        Arguments.of(
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Sleep\"}}}",
            "The field \"Type\" must be one of"),
        Arguments.of("not json", "INVALID_JSON_DESCRIPTION"));
  }

  @ParameterizedTest
  @MethodSource("badDefinitions")
  void refusesWithProblemAndLocation(String definition, String expected) {
    assertThatThrownBy(() -> DefinitionParser.parse(definition))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith("Invalid State Machine Definition: '")
        .hasMessageContaining(expected);
  }
}
