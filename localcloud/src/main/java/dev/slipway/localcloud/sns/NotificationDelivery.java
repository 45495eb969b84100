package dev.slipway.localcloud.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * Delivers notifications: one JSON line per message in the local notification log (what {@code
 * slipway} shows as the notification), and an SNS-shaped POST to each HTTP subscriber with retries
 * (3 attempts, 1 s then 2 s apart), as SNS's default HTTP delivery policy retries.
 */
public final class NotificationDelivery implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NotificationDelivery.class.getName());
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Duration retryDelay;

  /** Writes to {@code log}; waits {@code retryDelay}, doubling, between HTTP attempts. */
  public NotificationDelivery(Path log, Duration retryDelay) {
    this.log = log;
    this.retryDelay = retryDelay;
  }

  /** Logs the message and posts it to every HTTP subscriber (in the background). */
  public void deliver(Notification n, List<Subscription> subscribers) {
    ObjectNode body = snsBody(n);
    appendToLog(body, subscribers.size());
    for (Subscription s : subscribers) {
      if (s.protocol().startsWith("http")) {
        executor.submit(() -> post(s, body));
      }
    }
  }

  /** The JSON document SNS posts to HTTP subscribers (Type=Notification). */
  static ObjectNode snsBody(Notification n) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("Type", "Notification");
    body.put("MessageId", n.messageId());
    body.put("TopicArn", n.topicArn());
    if (n.subject() != null) {
      body.put("Subject", n.subject());
    }
    body.put("Message", n.message());
    body.put("Timestamp", n.timestamp().toString());
    body.put("SignatureVersion", "1");
    return body;
  }

  private synchronized void appendToLog(ObjectNode body, int subscribers) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ObjectNode line = body.deepCopy();
      line.put("subscribers", subscribers);
      Files.writeString(
          log,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot write the notification log " + log, e);
    }
  }

  private void post(Subscription s, ObjectNode body) {
    Duration delay = retryDelay;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(s.endpoint()))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .header("x-amz-sns-message-type", "Notification")
                    .header("x-amz-sns-message-id", body.get("MessageId").asText())
                    .header("x-amz-sns-topic-arn", body.get("TopicArn").asText())
                    .header("x-amz-sns-subscription-arn", s.subscriptionArn())
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          return;
        }
        LOG.warning("SNS subscriber " + s.endpoint() + " answered " + response.statusCode());
      } catch (IOException e) {
        LOG.warning("SNS subscriber " + s.endpoint() + " unreachable: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      delay = delay.multipliedBy(2);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
