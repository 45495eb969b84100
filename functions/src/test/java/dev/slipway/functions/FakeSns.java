package dev.slipway.functions;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** An SNS topic that keeps what was published. */
final class FakeSns implements SnsClient {
  final List<PublishRequest> published = new ArrayList<>();

  @Override
  public String serviceName() {
    return "sns";
  }

  @Override
  public void close() {}

  @Override
  public PublishResponse publish(PublishRequest request) {
    published.add(request);
    return PublishResponse.builder().messageId("msg-" + published.size()).build();
  }
}
