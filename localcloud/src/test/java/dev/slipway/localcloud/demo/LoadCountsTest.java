package dev.slipway.localcloud.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadCountsTest {
  @Test
  void windowCountsOnlyWhatHappenedSinceTheEarlierSnapshot() {
    LoadCounts earlier = new LoadCounts(100, 3, Map.of("aaa", 97L));
    LoadCounts later = new LoadCounts(250, 5, Map.of("aaa", 150L, "bbb", 95L));

    LoadCounts window = later.since(earlier);

    assertThat(window.requests()).isEqualTo(150);
    assertThat(window.failed()).isEqualTo(2);
    assertThat(window.versions())
        .containsExactlyInAnyOrderEntriesOf(Map.of("aaa", 53L, "bbb", 95L));
    assertThat(window.mostServed()).contains("bbb");
  }

  @Test
  void versionsThatAnsweredNothingInTheWindowAreLeftOut() {
    LoadCounts earlier = new LoadCounts(10, 0, Map.of("aaa", 10L));
    LoadCounts later = new LoadCounts(20, 10, Map.of("aaa", 10L));

    assertThat(later.since(earlier).versions()).isEmpty();
    assertThat(later.since(earlier).mostServed()).isEmpty();
  }
}
