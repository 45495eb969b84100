package dev.slipway.localcloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.ResourceProvisioner.StackResource;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.JsonShapeReader;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * Template provisioners for ECS clusters, task definitions and services, with the {@code Ref} and
 * {@code Fn::GetAtt} values AWS returns (cluster: name; task definition: ARN; service: ARN, {@code
 * Name}). CloudFormation's property names are the API's member names with a capital first letter.
 *
 * <p>A redeploy updates a service as CloudFormation does: only when its resolved properties changed
 * since the last deploy, and then with the template's values — its task definition and desired
 * count among them, whatever the pipeline has deployed since. A template whose services refer to a
 * task definition that changes with the settings therefore takes production down here as it would
 * on AWS.
 */
public final class EcsResources {
  /** Maps whose keys are user data (label names, log driver options), not member names. */
  private static final Set<String> FREE_FORM_MAPS =
      Set.of("Options", "DockerLabels", "DriverOpts", "Labels");

  /** An ECR image address as the template writes it (account.dkr.ecr.region.amazonaws.com/…). */
  private static final Pattern ECR_IMAGE =
      Pattern.compile("^\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/(.+)$");

  private EcsResources() {}

  /**
   * Registers the ECS provisioners on {@code deployer}; {@code localRegistry} (e.g. {@code
   * 127.0.0.1:4567}) replaces the ECR host of images in the template's task definitions, or null to
   * keep them.
   */
  public static void register(TemplateDeployer deployer, EcsService ecs, String localRegistry) {
    deployer.register("AWS::ECS::Cluster", r -> cluster(r, ecs));
    deployer.register(
        "AWS::ECS::TaskDefinition", r -> taskDefinition(r, ecs, image(localRegistry)));
    deployer.register("AWS::ECS::Service", r -> service(r, ecs));
  }

  static Provisioned cluster(StackResource r, EcsService ecs) {
    String name = r.text("ClusterName", r.generatedName(255));
    var cluster =
        ecs.createCluster(CreateClusterRequest.builder().clusterName(name).build()).cluster();
    return new Provisioned(name, Map.of("Arn", cluster.clusterArn()));
  }

  static Provisioned taskDefinition(
      StackResource r, EcsService ecs, UnaryOperator<String> imageRewrite) {
    ObjectNode properties = (ObjectNode) camelCase(r.properties());
    if (!properties.has("family")) {
      properties.put("family", r.generatedName(255));
    }
    for (JsonNode container : properties.path("containerDefinitions")) {
      if (container.has("image")) {
        ((ObjectNode) container).put("image", imageRewrite.apply(container.get("image").asText()));
      }
    }
    var b = RegisterTaskDefinitionRequest.builder();
    JsonShapeReader.readInto((SdkPojo) b, properties, r.logicalId());
    String arn = ecs.registerFromTemplate(b.build()).taskDefinitionArn();
    return new Provisioned(arn, Map.of("TaskDefinitionArn", arn));
  }

  static Provisioned service(StackResource r, EcsService ecs) {
    ObjectNode properties = (ObjectNode) camelCase(r.properties());
    String name = r.text("ServiceName", r.generatedName(255));
    String cluster = properties.path("cluster").asText("default");
    Service existing =
        ecs
            .describeServices(
                DescribeServicesRequest.builder().cluster(cluster).services(name).build())
            .services()
            .stream()
            .filter(s -> "ACTIVE".equals(s.status()))
            .findFirst()
            .orElse(null);
    if (existing == null) {
      var b = CreateServiceRequest.builder();
      JsonShapeReader.readInto((SdkPojo) b, properties, r.logicalId());
      existing = ecs.createService(b.serviceName(name).cluster(cluster).build()).service();
    } else {
      JsonNode before = ecs.templateProperties(cluster, name);
      if (before != null && !before.equals(properties)) {
        existing = update(ecs, cluster, name, properties, r.logicalId());
      }
    }
    ecs.rememberTemplateProperties(cluster, name, properties);
    return new Provisioned(
        existing.serviceArn(),
        Map.of("ServiceArn", existing.serviceArn(), "Name", existing.serviceName()));
  }

  /**
   * CloudFormation's update of a service whose properties changed: UpdateService with the
   * template's task definition, desired count (when the template gives one), deployment
   * configuration and grace period.
   */
  private static Service update(
      EcsService ecs, String cluster, String name, ObjectNode properties, String logicalId) {
    var b = UpdateServiceRequest.builder().cluster(cluster).service(name);
    ObjectNode update = Json.MAPPER.createObjectNode();
    for (String member :
        new String[] {
          "taskDefinition",
          "desiredCount",
          "deploymentConfiguration",
          "healthCheckGracePeriodSeconds"
        }) {
      if (properties.has(member)) {
        update.set(member, properties.get(member));
      }
    }
    JsonShapeReader.readInto((SdkPojo) b, update, logicalId);
    return ecs.updateService(b.build()).service();
  }

  static UnaryOperator<String> image(String localRegistry) {
    if (localRegistry == null) {
      return UnaryOperator.identity();
    }
    return image -> {
      var m = ECR_IMAGE.matcher(image);
      return m.matches() ? localRegistry + "/" + m.group(1) : image;
    };
  }

  /** CloudFormation's property tree with API member names (first letter lower case). */
  static JsonNode camelCase(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      node.forEach(item -> out.add(camelCase(item)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    for (var e : node.properties()) {
      String key = e.getKey();
      String member = key.isEmpty() ? key : Character.toLowerCase(key.charAt(0)) + key.substring(1);
      out.set(member, FREE_FORM_MAPS.contains(key) ? e.getValue() : camelCase(e.getValue()));
    }
    return out;
  }
}
