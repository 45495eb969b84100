package dev.slipway.localcloud.cli;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.deploy.AppSynthesis;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The CDK app synthesized with {@code infra.certificateArn} deploys in local mode: port 80
 * redirects to the HTTPS listener (served as plain HTTP on its local port), and the test listener
 * answers 404 unless a request carries X-Slipway-Test with the generated secret, which the deploy
 * resolved from its dynamic reference.
 */
class HttpsTemplateDeployIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path state;

  @Test
  void aTemplateWithACertificateDeploysAndItsListenersAnswerAsOnAws() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root")).toAbsolutePath().normalize();
    Path config = root.resolve("localcloud/target/https-it/slipway.json");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        """
        {"services": [{"pipeline": {"service": "hello", "repository": "acme/hello",
                                    "strategy": "blue-green"},
                       "infra": {"certificateArn":
                         "arn:aws:acm:us-east-1:000000000000:certificate/0f1e2d3c-4b5a",
                         "domainNames": {"staging": "staging.example.com",
                                         "production": "app.example.com"}}}]}
        """);
    Path cdkOut =
        new AppSynthesis(
                root, System.out::println, root.resolve("localcloud/target/https-it/synth.log"))
            .ensure(config, root.resolve("localcloud/target/https-it/cdk.out"));

    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      TemplateDeployer.Report report =
          cloud.deploy(cdkOut, l -> {}).stream()
              .filter(r -> r.stackName().equals("Slipway-hello"))
              .findFirst()
              .orElseThrow();
      assertThat(report.unsupported().keySet())
          .noneMatch(t -> t.startsWith("AWS::ElasticLoadBalancing"));
      assertThat(report.outputs()).containsEntry("UrlProduction", "https://app.example.com");

      String dnsName =
          report.resources().entrySet().stream()
              .filter(e -> e.getKey().startsWith("EnvproductionLoadBalancer"))
              .filter(e -> e.getValue().attributes().containsKey("DNSName"))
              .findFirst()
              .orElseThrow()
              .getValue()
              .attributes()
              .get("DNSName");
      int port80 = Integer.parseInt(dnsName.substring(dnsName.lastIndexOf(':') + 1));
      int port443 = port80 + 1;
      int port8080 = port80 + 2;

      var redirect = get(port80, "/healthz?x=1", Map.of());
      assertThat(redirect.statusCode()).isEqualTo(301);
      assertThat(redirect.headers().firstValue("location"))
          .hasValue("http://127.0.0.1:" + port443 + "/healthz?x=1");
      // the HTTPS listener's weighted rule forwards (no task runs yet: 503, not the 404 default)
      assertThat(get(port443, "/", Map.of()).statusCode()).isEqualTo(503);

      String secretArn = report.outputs().get("TestListenerSecretArn");
      String value;
      try (var secrets = client(SecretsManagerClient.builder(), cloud.server().endpoint())) {
        value = secrets.getSecretValue(b -> b.secretId(secretArn)).secretString();
      }
      assertThat(value).hasSize(32);
      var without = get(port8080, "/healthz", Map.of());
      assertThat(without.statusCode()).isEqualTo(404);
      assertThat(without.body()).isEqualTo("no test route");
      assertThat(get(port8080, "/healthz", Map.of("X-Slipway-Test", "wrong")).statusCode())
          .isEqualTo(404);
      // the header rule forwards to the target group under test (no task yet: 503)
      assertThat(get(port8080, "/healthz", Map.of("x-slipway-test", value)).statusCode())
          .isEqualTo(503);
    }
  }

  private static HttpResponse<String> get(int port, String path, Map<String, String> headers)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
