package dev.slipway.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FaultsTest {
  private static Faults parse(String text) throws Exception {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return Faults.parse(p, "faults.properties");
  }

  @Test
  void readsEverySwitch() throws Exception {
    assertThat(
            parse(
                "fail.percent=20\nlatency.ms=150\nready.fail=true\nstart.fail=false\ntest.fail=true"))
        .isEqualTo(new Faults(20, 150, true, false, true));
  }

  @Test
  void missingKeysMeanOff() throws Exception {
    assertThat(parse("")).isEqualTo(Faults.NONE);
  }

  @Test
  void rejectsPercentOutOfRange() {
    assertThatThrownBy(() -> parse("fail.percent=120"))
        .hasMessageContaining("faults.properties")
        .hasMessageContaining("between 0 and 100, got 120");
  }

  @Test
  void rejectsUnknownSwitchNamingIt() {
    assertThatThrownBy(() -> parse("fail.percnt=5")).hasMessageContaining("'fail.percnt'");
  }

  @Test
  void rejectsNonBooleanSwitch() {
    assertThatThrownBy(() -> parse("ready.fail=yes"))
        .hasMessageContaining("ready.fail must be true or false, got 'yes'");
  }
}
