package dev.slipway.localcloud.elbv2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.ResourceProvisioner.StackResource;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.protocol.JsonShapeReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * Template provisioners for load balancers, target groups, listeners and listener rules, with the
 * {@code Ref} and {@code Fn::GetAtt} values AWS returns. CloudFormation's property names are the
 * ELBv2 API's member names, so the properties decode straight into the create requests.
 *
 * <p>A redeploy keeps what exists: a listener on the same port and a rule at the same priority are
 * left as they are, since the pipeline moves their traffic weights at run time.
 */
public final class Elbv2Resources {
  private Elbv2Resources() {}

  /** Registers the ELBv2 provisioners on {@code deployer}. */
  public static void register(TemplateDeployer deployer, Elbv2Service elb) {
    deployer.register("AWS::ElasticLoadBalancingV2::LoadBalancer", r -> loadBalancer(r, elb));
    deployer.register("AWS::ElasticLoadBalancingV2::TargetGroup", r -> targetGroup(r, elb));
    deployer.register("AWS::ElasticLoadBalancingV2::Listener", r -> listener(r, elb));
    deployer.register("AWS::ElasticLoadBalancingV2::ListenerRule", r -> rule(r, elb));
    deployer.rewriteJoinedText(text -> elb.localAddresses(text));
  }

  static Provisioned loadBalancer(StackResource r, Elbv2Service elb) {
    var b = CreateLoadBalancerRequest.builder();
    JsonShapeReader.readInto((SdkPojo) b, r.properties(), r.logicalId());
    LoadBalancer lb =
        elb.createLoadBalancer(b.name(r.text("Name", shortName(r))).build()).loadBalancers().get(0);
    String arn = lb.loadBalancerArn();
    return new Provisioned(
        arn,
        Map.of(
            "LoadBalancerArn", arn,
            "DNSName", lb.dnsName(),
            "LoadBalancerName", lb.loadBalancerName(),
            "LoadBalancerFullName", arn.substring(arn.indexOf(":loadbalancer/") + 14),
            "CanonicalHostedZoneID", "Z35SXDOTRQ7X7K"));
  }

  static Provisioned targetGroup(StackResource r, Elbv2Service elb) {
    var b = CreateTargetGroupRequest.builder();
    JsonShapeReader.readInto((SdkPojo) b, r.properties(), r.logicalId());
    CreateTargetGroupRequest create = b.name(r.text("Name", shortName(r))).build();
    TargetGroup tg =
        existingTargetGroup(elb, create.name())
            .map(old -> updateHealthCheck(elb, old, create))
            .orElseGet(() -> elb.createTargetGroup(create).targetGroups().get(0));
    String arn = tg.targetGroupArn();
    List<TargetGroupAttribute> attributes = new ArrayList<>();
    for (var a : r.properties().path("TargetGroupAttributes")) {
      attributes.add(
          TargetGroupAttribute.builder()
              .key(a.path("Key").asText())
              .value(a.path("Value").asText())
              .build());
    }
    if (!attributes.isEmpty()) {
      elb.modifyTargetGroupAttributes(
          ModifyTargetGroupAttributesRequest.builder()
              .targetGroupArn(arn)
              .attributes(attributes)
              .build());
    }
    return new Provisioned(
        arn,
        Map.of(
            "TargetGroupArn", arn,
            "TargetGroupName", tg.targetGroupName(),
            "TargetGroupFullName", arn.substring(arn.lastIndexOf(':') + 1)));
  }

  private static java.util.Optional<TargetGroup> existingTargetGroup(
      Elbv2Service elb, String name) {
    try {
      return elb
          .describeTargetGroups(DescribeTargetGroupsRequest.builder().names(name).build())
          .targetGroups()
          .stream()
          .findFirst();
    } catch (TargetGroupNotFoundException none) {
      return java.util.Optional.empty();
    }
  }

  /**
   * A redeployed template's health check settings, applied in place as CloudFormation does (they
   * need no replacement); the protocol and port cannot change in place and stay as they are.
   */
  private static TargetGroup updateHealthCheck(
      Elbv2Service elb, TargetGroup old, CreateTargetGroupRequest wanted) {
    var modify =
        ModifyTargetGroupRequest.builder()
            .targetGroupArn(old.targetGroupArn())
            .healthCheckPath(wanted.healthCheckPath())
            .healthCheckIntervalSeconds(wanted.healthCheckIntervalSeconds())
            .healthCheckTimeoutSeconds(wanted.healthCheckTimeoutSeconds())
            .healthyThresholdCount(wanted.healthyThresholdCount())
            .unhealthyThresholdCount(wanted.unhealthyThresholdCount());
    if (wanted.matcher() != null) {
      modify.matcher(wanted.matcher());
    }
    return elb.modifyTargetGroup(modify.build()).targetGroups().get(0);
  }

  static Provisioned listener(StackResource r, Elbv2Service elb) {
    var b = CreateListenerRequest.builder();
    JsonShapeReader.readInto((SdkPojo) b, r.properties(), r.logicalId());
    CreateListenerRequest request = b.build();
    int port = request.port() == null ? 80 : request.port();
    for (var l :
        elb.describeListeners(
                DescribeListenersRequest.builder()
                    .loadBalancerArn(request.loadBalancerArn())
                    .build())
            .listeners()) {
      if (l.port() == port) {
        return new Provisioned(l.listenerArn(), Map.of("ListenerArn", l.listenerArn()));
      }
    }
    String arn = elb.createListener(request).listeners().get(0).listenerArn();
    return new Provisioned(arn, Map.of("ListenerArn", arn));
  }

  static Provisioned rule(StackResource r, Elbv2Service elb) {
    var b = CreateRuleRequest.builder();
    JsonShapeReader.readInto((SdkPojo) b, r.properties(), r.logicalId());
    CreateRuleRequest request = b.build();
    for (var existing :
        elb.describeRules(DescribeRulesRequest.builder().listenerArn(request.listenerArn()).build())
            .rules()) {
      if (String.valueOf(request.priority()).equals(existing.priority())) {
        // CloudFormation modifies the rule only when its properties changed, and then to the
        // template's actions: weights the pipeline set go back to the template's
        JsonNode before = elb.ruleTemplate(existing.ruleArn());
        if (before != null && !before.equals(r.properties())) {
          elb.modifyRule(
              ModifyRuleRequest.builder()
                  .ruleArn(existing.ruleArn())
                  .conditions(request.conditions())
                  .actions(request.actions())
                  .build());
        }
        elb.rememberRuleTemplate(existing.ruleArn(), r.properties());
        return new Provisioned(
            existing.ruleArn(), Map.of("RuleArn", existing.ruleArn(), "IsDefault", "false"));
      }
    }
    String arn = elb.createRule(request).rules().get(0).ruleArn();
    elb.rememberRuleTemplate(arn, r.properties());
    return new Provisioned(arn, Map.of("RuleArn", arn, "IsDefault", "false"));
  }

  /**
   * A name CloudFormation could generate within ELBv2's 32 characters: the start of stack and
   * logical id, then a hash of both so that truncation cannot make two names equal.
   */
  static String shortName(StackResource r) {
    String full = r.stackName() + "-" + r.logicalId();
    String head = full.replaceAll("[^A-Za-z0-9]+", "-");
    head = head.substring(0, Math.min(head.length(), 23)).replaceAll("-+$", "");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
      return head + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
