package dev.slipway.localcloud.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.server.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

class LocalSnsTest {
  @TempDir Path state;
  private StateDatabase db;
  private NotificationDelivery delivery;
  private LocalSns sns;
  private String topic;

  @BeforeEach
  void setUp() {
    db = new StateDatabase(state.resolve("state.db"));
    delivery = new NotificationDelivery(state.resolve("notifications.log"), Duration.ZERO);
    sns = new LocalSns(db, Clock.systemUTC(), delivery);
    topic = sns.createTopic(CreateTopicRequest.builder().name("alerts").build()).topicArn();
  }

  @AfterEach
  void tearDown() {
    delivery.close();
    db.close();
  }

  private PublishRequest publish(String subject) {
    return PublishRequest.builder().topicArn(topic).subject(subject).message("body").build();
  }

  @Test
  void publishesASubjectOfNinetyNineAsciiCharacters() throws Exception {
    String subject = "[slipway] " + "x".repeat(89);

    assertThat(sns.publish(publish(subject)).messageId()).isNotBlank();
    assertThat(Files.readString(state.resolve("notifications.log"))).contains(subject);
  }

  @Test
  void refusesASubjectOfOneHundredCharacters() {
    assertThatThrownBy(() -> sns.publish(publish("[slipway] " + "x".repeat(90))))
        .isInstanceOf(AwsServiceException.class)
        .hasMessageContaining("Invalid parameter: Subject");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "two\nlines",
        "a tab\there",
        "caf\u00e9 is not ASCII",
        "\u2026 neither is an ellipsis",
        " starts with a space"
      })
  void refusesASubjectThatSnsRefuses(String subject) {
    assertThatThrownBy(() -> sns.publish(publish(subject)))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameter");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("Invalid parameter: Subject");
            });
  }
}
