package dev.slipway.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed fault switch {@code test.fail=true} makes this test fail, so a commit can break the
 * build the way a real failing test would.
 */
class FaultSwitchesTest {
  @Test
  void committedFaultSwitchesKeepTheBuildGreen() throws Exception {
    Faults faults = Faults.load(Path.of("faults.properties"));
    assertThat(faults.testFails())
        .as("fault switch test.fail=true in faults.properties: this build is meant to fail")
        .isFalse();
  }
}
