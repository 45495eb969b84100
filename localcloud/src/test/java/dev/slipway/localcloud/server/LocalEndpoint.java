package dev.slipway.localcloud.server;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/** Points real SDK v2 clients at a local endpoint with dummy credentials. */
public final class LocalEndpoint {
  private LocalEndpoint() {}

  /** Builds a client for {@code endpoint}. */
  public static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }
}
