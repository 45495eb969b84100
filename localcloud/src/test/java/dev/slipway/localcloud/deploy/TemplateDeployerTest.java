package dev.slipway.localcloud.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ordering, intrinsic functions and unsupported types on a small hand-written template. */
class TemplateDeployerTest {
  static final String TEMPLATE =
      """
      {
        "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
        "Conditions": {"IsDev": {"Fn::Equals": [{"Ref": "Env"}, "dev"]}, "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Resources": {
          "Consumer": {"Type": "Test::Thing", "Properties": {
            "Name": {"Fn::Sub": "${Producer}-${Producer.Url}-${AWS::Region}"},
            "Joined": {"Fn::Join": [":", ["a", {"Ref": "Env"}, {"Fn::GetAtt": ["Producer", "Url"]}]]},
            "Second": {"Fn::Select": [1, {"Fn::Split": [",", "x,y,z"]}]},
            "Picked": {"Fn::If": ["IsDev", "small", "large"]},
            "Gone": {"Ref": "AWS::NoValue"},
            "Vpc": {"Fn::GetAtt": ["Network", "VpcArn"]}}},
          "Producer": {"Type": "Test::Thing", "Properties": {"Name": "producer"}},
          "Network": {"Type": "AWS::EC2::VPC", "Properties": {}},
          "Role": {"Type": "AWS::IAM::Role", "Properties": {}},
          "ProdOnly": {"Type": "Test::Thing", "Condition": "IsProd", "Properties": {"Name": "prod"}}
        },
        "Outputs": {"Out": {"Value": {"Fn::GetAtt": ["Consumer", "Url"]}}}
      }
      """;

  @Test
  void deploysInDependencyOrderWithResolvedProperties() throws Exception {
    List<JsonNode> seen = new ArrayList<>();
    TemplateDeployer deployer = new TemplateDeployer();
    deployer.register(
        "Test::Thing",
        r -> {
          seen.add(r.properties());
          String name = r.text("Name", "?");
          return new ResourceProvisioner.Provisioned(name, Map.of("Url", "url-of-" + name));
        });
    var report =
        deployer.deploy(
            new CloudAssembly.Stack("S", Json.MAPPER.readTree(TEMPLATE), Assets.none()), l -> {});
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).path("Name").asText()).isEqualTo("producer");
    JsonNode consumer = seen.get(1);
    assertThat(consumer.path("Name").asText()).isEqualTo("producer-url-of-producer-us-east-1");
    assertThat(consumer.path("Joined").asText()).isEqualTo("a:dev:url-of-producer");
    assertThat(consumer.path("Second").asText()).isEqualTo("y");
    assertThat(consumer.path("Picked").asText()).isEqualTo("small");
    assertThat(consumer.has("Gone")).isFalse();
    assertThat(consumer.path("Vpc").asText()).startsWith("arn:aws:ec2:us-east-1:000000000000:");
    assertThat(report.unsupported()).containsOnlyKeys("AWS::EC2::VPC");
    assertThat(report.outputs()).containsEntry("Out", "url-of-producer-url-of-producer-us-east-1");
  }

  @Test
  void circularDependenciesAreNamed() throws Exception {
    String template =
        "{\"Resources\":{\"A\":{\"Type\":\"Test::Thing\",\"Properties\":{\"X\":{\"Ref\":\"B\"}}},"
            + "\"B\":{\"Type\":\"Test::Thing\",\"Properties\":{\"X\":{\"Ref\":\"A\"}}}}}";
    TemplateDeployer deployer = new TemplateDeployer();
    deployer.register(
        "Test::Thing", r -> new ResourceProvisioner.Provisioned(r.logicalId(), Map.of()));
    assertThatThrownBy(
            () ->
                deployer.deploy(
                    new CloudAssembly.Stack("S", Json.MAPPER.readTree(template), Assets.none()),
                    l -> {}))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("circular dependency");
  }

  @Test
  void joinedTextGoesThroughTheRewriteLocalModeSets() throws Exception {
    List<JsonNode> seen = new ArrayList<>();
    TemplateDeployer deployer = new TemplateDeployer();
    deployer.register(
        "Test::Thing",
        r -> {
          seen.add(r.properties());
          return new ResourceProvisioner.Provisioned(
              r.text("Name", "?"), Map.of("Url", "url-of-" + r.text("Name", "?")));
        });
    deployer.rewriteJoinedText(text -> text.replace("url-of-producer", "local"));

    deployer.deploy(
        new CloudAssembly.Stack("S", Json.MAPPER.readTree(TEMPLATE), Assets.none()), l -> {});

    assertThat(seen.get(1).path("Joined").asText()).isEqualTo("a:dev:local");
    assertThat(seen.get(1).path("Name").asText()).isEqualTo("producer-local-us-east-1");
  }
}
