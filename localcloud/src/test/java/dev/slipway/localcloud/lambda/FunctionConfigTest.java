package dev.slipway.localcloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class FunctionConfigTest {
  static FunctionConfig withEnvironment(Map<String, String> env) {
    return new FunctionConfig(
        "f", "pkg.Handler::handle", "java21", 512, 30, env, Path.of("f.jar"), null);
  }

  @Test
  void environmentVariablesOver4KbAsJsonAreRefusedWithLambdasMessage() {
    // {"K":"<value>"} is 8 bytes besides the value
    String fits = "v".repeat(FunctionConfig.MAX_ENVIRONMENT_BYTES - 8);
    assertThat(withEnvironment(Map.of("K", fits)).environment()).containsKey("K");
    assertThatThrownBy(() -> withEnvironment(Map.of("K", fits + "v")))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode())
                  .isEqualTo("InvalidParameterValueException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .startsWith(
                      "Lambda was unable to configure your environment variables because the"
                          + " environment variables you have provided exceeded the 4KB limit."
                          + " String measured: {\"K\":\"vvv");
            });
  }

  @Test
  void quotesAndNonAsciiCountAsTheirJsonBytes() {
    // each '"' is escaped (2 bytes), each 'é' is 2 UTF-8 bytes
    String quoted = "\"".repeat((FunctionConfig.MAX_ENVIRONMENT_BYTES - 8) / 2 + 1);
    assertThatThrownBy(() -> withEnvironment(Map.of("K", quoted)))
        .isInstanceOf(AwsServiceException.class);
    String accents = "é".repeat((FunctionConfig.MAX_ENVIRONMENT_BYTES - 8) / 2 + 1);
    assertThatThrownBy(() -> withEnvironment(Map.of("K", accents)))
        .isInstanceOf(AwsServiceException.class);
  }
}
