package dev.slipway.localcloud.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Local mode denies what an account would unless told otherwise. */
class IamModeTest {
  @Test
  void enforcesByDefaultAndNamesTheAllowedValues() {
    assertThat(IamMode.parse(null)).isEqualTo(IamMode.ENFORCE);
    assertThat(IamMode.parse(" ")).isEqualTo(IamMode.ENFORCE);
    assertThat(IamMode.parse("Audit")).isEqualTo(IamMode.AUDIT);
    assertThat(IamMode.parse("off")).isEqualTo(IamMode.OFF);
    assertThatThrownBy(() -> IamMode.parse("strict"))
        .hasMessage("SLIPWAY_IAM must be audit, enforce or off, got strict");
  }
}
