package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pipeline.model.ImageRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.model.FindingSeverity;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ScanStatus;

class VerifyImageTest {
  private final FakeEcr ecr = new FakeEcr();
  private final VerifyImage handler = new VerifyImage(ecr, new Env(Steps.env()));

  @BeforeEach
  void pushed() {
    ecr.tags.put(Steps.SHA, Steps.DIGEST);
  }

  private ImageRef verify() {
    return Steps.as(Steps.invoke(handler, Steps.payload(Steps.state())), ImageRef.class);
  }

  private static ImageScanFinding finding(String name, FindingSeverity severity) {
    return ImageScanFinding.builder().name(name).severity(severity).build();
  }

  @Test
  void resolvesTheShaTagToItsDigest() {
    ecr.scan(
        Steps.DIGEST,
        ScanStatus.COMPLETE,
        Map.of(FindingSeverity.HIGH, 2, FindingSeverity.LOW, 5),
        List.of());

    ImageRef image = verify();

    assertThat(image.reference()).isEqualTo(Steps.IMAGE);
    assertThat(image.tag()).isEqualTo(Steps.SHA);
    assertThat(image.findings().high()).isEqualTo(2);
    assertThat(image.findings().low()).isEqualTo(5);
  }

  @Test
  void rejectsFindingsAboveTheThresholdNamingThem() {
    ecr.scan(
        Steps.DIGEST,
        ScanStatus.COMPLETE,
        Map.of(FindingSeverity.CRITICAL, 1),
        List.of(
            finding("CVE-2026-1234", FindingSeverity.CRITICAL),
            finding("CVE-2026-9", FindingSeverity.LOW)));

    assertThatThrownBy(this::verify)
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("has 1 CRITICAL and 0 HIGH findings (CVE-2026-1234 CRITICAL)")
        .hasMessageContaining("allows 0 CRITICAL and 2 HIGH")
        .hasMessageNotContaining("CVE-2026-9");
  }

  @Test
  void scanStillRunningIsRetryable() {
    ecr.scan(Steps.DIGEST, ScanStatus.IN_PROGRESS, Map.of(), List.of());

    assertThatThrownBy(this::verify).isInstanceOf(RetryableStepException.class);
  }

  @Test
  void missingScanFailsSafe() {
    assertThatThrownBy(this::verify)
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("has no scan");
  }

  @Test
  void missingImageSaysWhatTheBuildMustPush() {
    ecr.tags.clear();

    assertThatThrownBy(this::verify)
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("no image tagged " + Steps.SHA);
  }
}
