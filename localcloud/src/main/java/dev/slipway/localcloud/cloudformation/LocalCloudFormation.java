package dev.slipway.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.CloudAssembly;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.LocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDetail;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * CloudFormation's read calls for the stacks local mode deployed, so what a user runs against an
 * account works here too: {@code aws cloudformation describe-stacks --stack-name Slipway-hello
 * --query "Stacks[0].Outputs"}, the stack's resources with their physical ids, its template. Stacks
 * are those deployed since local mode started ({@code slipway up} deploys them again).
 */
public final class LocalCloudFormation {
  private record Deployed(
      CloudAssembly.Stack stack,
      TemplateDeployer.Report report,
      String stackId,
      Instant created,
      Instant updated) {}

  private final Map<String, Deployed> stacks = new ConcurrentSkipListMap<>();
  private final Clock clock;

  public LocalCloudFormation(Clock clock) {
    this.clock = clock;
  }

  /** Records a deploy of {@code stack}: created the first time, updated after. */
  public void deployed(CloudAssembly.Stack stack, TemplateDeployer.Report report) {
    Instant now = clock.instant();
    stacks.compute(
        stack.name(),
        (name, before) ->
            before == null
                ? new Deployed(stack, report, stackId(name), now, null)
                : new Deployed(stack, report, before.stackId(), before.created(), now));
  }

  public DescribeStacksResponse describeStacks(DescribeStacksRequest r) {
    List<Stack> out = new ArrayList<>();
    if (r.stackName() != null) {
      out.add(stack(require(r.stackName())));
    } else {
      stacks.values().forEach(d -> out.add(stack(d)));
    }
    return DescribeStacksResponse.builder().stacks(out).build();
  }

  public ListStacksResponse listStacks(ListStacksRequest r) {
    List<StackSummary> out = new ArrayList<>();
    for (Deployed d : stacks.values()) {
      if (r.hasStackStatusFilters() && !r.stackStatusFilters().contains(status(d))) {
        continue;
      }
      out.add(
          StackSummary.builder()
              .stackId(d.stackId())
              .stackName(d.stack().name())
              .creationTime(d.created())
              .lastUpdatedTime(d.updated())
              .stackStatus(status(d))
              .build());
    }
    return ListStacksResponse.builder().stackSummaries(out).build();
  }

  public ListStackResourcesResponse listStackResources(ListStackResourcesRequest r) {
    Deployed d = require(r.stackName());
    List<StackResourceSummary> out = new ArrayList<>();
    resources(d)
        .forEach(
            (id, type) ->
                out.add(
                    StackResourceSummary.builder()
                        .logicalResourceId(id)
                        .physicalResourceId(physicalId(d, id))
                        .resourceType(type)
                        .lastUpdatedTimestamp(time(d))
                        .resourceStatus(resourceStatus(d))
                        .build()));
    return ListStackResourcesResponse.builder().stackResourceSummaries(out).build();
  }

  public DescribeStackResourcesResponse describeStackResources(DescribeStackResourcesRequest r) {
    Deployed d = require(AwsErrors.required(r.stackName(), "StackName"));
    List<StackResource> out = new ArrayList<>();
    resources(d)
        .forEach(
            (id, type) -> {
              if (r.logicalResourceId() == null || r.logicalResourceId().equals(id)) {
                out.add(
                    StackResource.builder()
                        .stackName(d.stack().name())
                        .stackId(d.stackId())
                        .logicalResourceId(id)
                        .physicalResourceId(physicalId(d, id))
                        .resourceType(type)
                        .timestamp(time(d))
                        .resourceStatus(resourceStatus(d))
                        .build());
              }
            });
    return DescribeStackResourcesResponse.builder().stackResources(out).build();
  }

  public DescribeStackResourceResponse describeStackResource(DescribeStackResourceRequest r) {
    Deployed d = require(r.stackName());
    String id = AwsErrors.required(r.logicalResourceId(), "LogicalResourceId");
    String type = resources(d).get(id);
    if (type == null) {
      throw AwsErrors.generic(
          400,
          "ValidationError",
          "Resource " + id + " does not exist for stack " + d.stack().name());
    }
    return DescribeStackResourceResponse.builder()
        .stackResourceDetail(
            StackResourceDetail.builder()
                .stackName(d.stack().name())
                .stackId(d.stackId())
                .logicalResourceId(id)
                .physicalResourceId(physicalId(d, id))
                .resourceType(type)
                .lastUpdatedTimestamp(time(d))
                .resourceStatus(resourceStatus(d))
                .build())
        .build();
  }

  public GetTemplateResponse getTemplate(GetTemplateRequest r) {
    return GetTemplateResponse.builder()
        .templateBody(require(r.stackName()).stack().template().toString())
        .build();
  }

  private Deployed require(String nameOrId) {
    AwsErrors.required(nameOrId, "StackName");
    for (Deployed d : stacks.values()) {
      if (d.stack().name().equals(nameOrId) || d.stackId().equals(nameOrId)) {
        return d;
      }
    }
    throw AwsErrors.generic(
        400, "ValidationError", "Stack with id " + nameOrId + " does not exist");
  }

  private static Stack stack(Deployed d) {
    List<Output> outputs = new ArrayList<>();
    JsonNode declared = d.stack().template().path("Outputs");
    d.report()
        .outputs()
        .forEach(
            (key, value) -> {
              JsonNode o = declared.path(key);
              outputs.add(
                  Output.builder()
                      .outputKey(key)
                      .outputValue(value)
                      .description(
                          o.path("Description").isTextual() ? o.path("Description").asText() : null)
                      .build());
            });
    return Stack.builder()
        .stackId(d.stackId())
        .stackName(d.stack().name())
        .description(
            d.stack().template().path("Description").isTextual()
                ? d.stack().template().path("Description").asText()
                : null)
        .creationTime(d.created())
        .lastUpdatedTime(d.updated())
        .stackStatus(status(d))
        .disableRollback(false)
        .enableTerminationProtection(false)
        .outputs(outputs)
        .build();
  }

  /** The template's resources by logical id, with their types, in template order. */
  private static Map<String, String> resources(Deployed d) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (var e : d.stack().template().path("Resources").properties()) {
      if (d.report().resources().containsKey(e.getKey())) {
        out.put(e.getKey(), e.getValue().path("Type").asText());
      }
    }
    return out;
  }

  private static String physicalId(Deployed d, String logicalId) {
    Provisioned p = d.report().resources().get(logicalId);
    return p == null ? null : p.physicalId();
  }

  private static StackStatus status(Deployed d) {
    return d.updated() == null ? StackStatus.CREATE_COMPLETE : StackStatus.UPDATE_COMPLETE;
  }

  private static ResourceStatus resourceStatus(Deployed d) {
    return d.updated() == null ? ResourceStatus.CREATE_COMPLETE : ResourceStatus.UPDATE_COMPLETE;
  }

  private static Instant time(Deployed d) {
    return d.updated() == null ? d.created() : d.updated();
  }

  private static String stackId(String name) {
    return LocalAws.arn(
        "cloudformation",
        "stack/" + name + "/" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
  }
}
