package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The load balancer's listeners: the test listener (8080) forwards only requests that carry the
 * generated X-Slipway-Test value; production is HTTP on 80, or HTTPS on 443 with a redirect on 80
 * when {@code infra.certificateArn} is set.
 */
class ListenerTemplateTest {
  private static final String CERTIFICATE =
      "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

  static Template synth(Path dir, String infra) throws Exception {
    Path config = dir.resolve("slipway.json");
    Files.writeString(
        config,
        """
        {"services": [{"pipeline": {"service": "hello", "repository": "acme/hello",
                                    "strategy": "blue-green"},
                       "infra": %s}]}
        """
            .formatted(infra));
    App app = SlipwayApp.app(dir.resolve("cdk.out"));
    SlipwayApp.addStacks(
        app,
        SlipwayConfig.load(config),
        SynthesizedStack.handlerCode(),
        SynthesizedStack.ROOT.resolve("statemachines/pipeline.asl.json"));
    return Template.fromStack(
        (SlipwayStack) app.getNode().findChild(SlipwayApp.stackName("hello")));
  }

  @Test
  void healthCheckIntervalAndDeregistrationDelayReachEveryTargetGroup(@TempDir Path dir)
      throws Exception {
    Template template =
        synth(dir, "{\"healthCheckIntervalSeconds\": 5, \"deregistrationDelaySeconds\": 5}");
    var groups =
        TemplateAssertions.properties(template, "AWS::ElasticLoadBalancingV2::TargetGroup")
            .values();
    assertThat(groups).hasSize(4);
    for (var tg : groups) {
      assertThat(tg.get("HealthCheckIntervalSeconds")).isEqualTo(5);
      assertThat(tg.get("HealthCheckTimeoutSeconds"))
          .as("the timeout stays shorter than the interval, as ELB requires")
          .isEqualTo(4);
      assertThat(tg.get("TargetGroupAttributes").toString())
          .contains("{Key=deregistration_delay.timeout_seconds, Value=5}");
    }
    var defaults =
        TemplateAssertions.properties(
                synth(Files.createDirectories(dir.resolve("defaults")), "{}"),
                "AWS::ElasticLoadBalancingV2::TargetGroup")
            .values();
    assertThat(defaults)
        .allSatisfy(
            tg -> {
              assertThat(tg.get("HealthCheckIntervalSeconds")).isEqualTo(10);
              assertThat(tg.get("HealthCheckTimeoutSeconds")).isEqualTo(5);
              assertThat(tg.get("TargetGroupAttributes").toString())
                  .contains("{Key=deregistration_delay.timeout_seconds, Value=30}");
            });
  }

  @Nested
  class TestListener {
    private Template template() {
      return SynthesizedStack.get().template;
    }

    @Test
    void answersA404WithoutTheHeaderAndForwardsNothingByDefault() {
      var listeners =
          TemplateAssertions.properties(template(), "AWS::ElasticLoadBalancingV2::Listener");
      var test =
          listeners.values().stream()
              .filter(p -> Integer.valueOf(ServiceEnvironment.TEST_PORT).equals(p.get("Port")))
              .toList();
      assertThat(test).hasSize(2);
      for (var p : test) {
        assertThat(p.get("DefaultActions").toString())
            .contains("fixed-response")
            .contains("StatusCode=404")
            .doesNotContain("forward");
      }
    }

    @Test
    void forwardsThroughARuleThatRequiresTheGeneratedHeaderValue() {
      String secret =
          TemplateAssertions.logicalId(
              template(), "AWS::SecretsManager::Secret", "TestListenerSecret");
      template()
          .hasResourceProperties(
              "AWS::ElasticLoadBalancingV2::ListenerRule",
              Map.of(
                  "Conditions",
                  List.of(
                      Map.of(
                          "Field",
                          "http-header",
                          "HttpHeaderConfig",
                          Map.of(
                              "HttpHeaderName",
                              "X-Slipway-Test",
                              // a dynamic reference: the value itself is never in the template
                              "Values",
                              List.of(
                                  Map.of(
                                      "Fn::Join",
                                      List.of(
                                          "",
                                          List.of(
                                              "{{resolve:secretsmanager:",
                                              Map.of("Ref", secret),
                                              ":SecretString:::}}"))))))),
                  "Actions",
                  List.of(Match.objectLike(Map.of("Type", "forward")))));
      var headerRules =
          TemplateAssertions.properties(template(), "AWS::ElasticLoadBalancingV2::ListenerRule")
              .values()
              .stream()
              .filter(p -> p.get("Conditions").toString().contains("http-header"))
              .toList();
      assertThat(headerRules).hasSize(2);
      template()
          .hasResourceProperties(
              "AWS::SecretsManager::Secret",
              Map.of(
                  "GenerateSecretString",
                  Match.objectLike(Map.of("PasswordLength", 32, "ExcludePunctuation", true))));
    }

    @Test
    void smokeTestReadsTheHeaderValueAndDeployersMayMoveTheRule() {
      String secret =
          TemplateAssertions.logicalId(
              template(), "AWS::SecretsManager::Secret", "TestListenerSecret");
      template()
          .hasResourceProperties(
              "AWS::Lambda::Function",
              Map.of(
                  "Handler",
                  Match.stringLikeRegexp(".*SmokeTest.*"),
                  "Environment",
                  Map.of(
                      "Variables",
                      Match.objectLike(
                          Map.of("TEST_LISTENER_SECRET_ARN", Map.of("Ref", secret))))));
      var statements = TemplateAssertions.statements(template());
      assertThat(statements)
          .filteredOn(s -> s.policy().contains("SmokeTest"))
          .filteredOn(s -> s.actions().contains("secretsmanager:GetSecretValue"))
          .singleElement()
          .satisfies(s -> assertThat(s.resources()).containsExactly(Map.of("Ref", secret)));
      var testRules =
          TemplateAssertions.properties(template(), "AWS::ElasticLoadBalancingV2::ListenerRule")
              .entrySet()
              .stream()
              .filter(e -> e.getValue().get("Conditions").toString().contains("http-header"))
              .map(e -> (Object) Map.of("Ref", e.getKey()))
              .toList();
      for (String deployer : List.of("DeployService", "Rollback", "ShiftTraffic")) {
        assertThat(statements)
            .as(deployer)
            .filteredOn(s -> s.policy().contains(deployer))
            .filteredOn(s -> s.actions().contains("elasticloadbalancing:ModifyRule"))
            .singleElement()
            .satisfies(s -> assertThat(s.resources()).containsAll(testRules));
      }
    }

    @Test
    void productionIsPlainHttpOn80WithoutACertificate() {
      var listeners =
          TemplateAssertions.properties(template(), "AWS::ElasticLoadBalancingV2::Listener");
      assertThat(listeners.values()).noneMatch(p -> Integer.valueOf(443).equals(p.get("Port")));
      assertThat(listeners.values()).allMatch(p -> "HTTP".equals(p.get("Protocol")));
      assertThat(template().findOutputs("UrlProduction").toString()).contains("http://");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithACertificate {
    private Template template;

    @BeforeAll
    void synthesize() throws Exception {
      template =
          synth(
              Files.createDirectories(SynthesizedStack.ROOT.resolve("infra/target/https-config")),
              "{\"certificateArn\": \""
                  + CERTIFICATE
                  + "\", \"domainNames\": {\"staging\": \"staging.example.com\","
                  + " \"production\": \"app.example.com\"}}");
    }

    @Test
    void productionIsHttpsOn443WithTheCertificateAndATlsPolicy() {
      template.hasResourceProperties(
          "AWS::ElasticLoadBalancingV2::Listener",
          Map.of(
              "Port",
              443,
              "Protocol",
              "HTTPS",
              "Certificates",
              List.of(Map.of("CertificateArn", CERTIFICATE)),
              "SslPolicy",
              Match.stringLikeRegexp("ELBSecurityPolicy-TLS13-.*"),
              "DefaultActions",
              List.of(Match.objectLike(Map.of("Type", "fixed-response")))));
      // the weighted rule is on the HTTPS listener
      String https = httpsListener();
      template.hasResourceProperties(
          "AWS::ElasticLoadBalancingV2::ListenerRule",
          Map.of(
              "ListenerArn",
              Map.of("Ref", https),
              "Actions",
              List.of(
                  Match.objectLike(
                      Map.of(
                          "ForwardConfig",
                          Match.objectLike(Map.of("TargetGroups", Match.anyValue())))))));
    }

    @Test
    void port80RedirectsToHttps() {
      template.hasResourceProperties(
          "AWS::ElasticLoadBalancingV2::Listener",
          Map.of(
              "Port",
              80,
              "Protocol",
              "HTTP",
              "DefaultActions",
              List.of(
                  Map.of(
                      "Type",
                      "redirect",
                      "RedirectConfig",
                      Map.of("Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301")))));
      var rulesOn80 =
          TemplateAssertions.properties(template, "AWS::ElasticLoadBalancingV2::ListenerRule")
              .values()
              .stream()
              .filter(p -> p.get("ListenerArn").toString().contains("EnvproductionListener"))
              .toList();
      assertThat(rulesOn80).isEmpty();
    }

    @Test
    void securityGroupOpens80And443AndTheTestPort() {
      for (int port : new int[] {80, 443, ServiceEnvironment.TEST_PORT}) {
        template.hasResourceProperties(
            "AWS::EC2::SecurityGroup",
            Map.of(
                "SecurityGroupIngress",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of("CidrIp", "0.0.0.0/0", "FromPort", port, "ToPort", port))))));
      }
    }

    @Test
    void urlsAreHttpsOnTheDomainName() {
      assertThat(template.findOutputs("UrlProduction").toString())
          .contains("Value=https://app.example.com");
      String environments = template.findResources("AWS::Lambda::Function").toString();
      // the smoke test of production verifies TLS against the domain, not the ALB DNS name
      assertThat(environments)
          .contains("\"url\":\"https://app.example.com\"")
          .contains("\"url\":\"https://staging.example.com\"");
      assertThat(template.findOutputs("UrlStaging").toString())
          .contains("Value=https://staging.example.com");
    }

    private String httpsListener() {
      var ids =
          TemplateAssertions.properties(template, "AWS::ElasticLoadBalancingV2::Listener")
              .entrySet()
              .stream()
              .filter(e -> Integer.valueOf(443).equals(e.getValue().get("Port")))
              .map(Map.Entry::getKey)
              .toList();
      assertThat(ids).hasSize(2);
      return ids.stream().filter(id -> id.contains("production")).findFirst().orElseThrow();
    }
  }
}
