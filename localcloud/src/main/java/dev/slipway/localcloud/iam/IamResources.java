package dev.slipway.localcloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.ResourceProvisioner.StackResource;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.server.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The template's IAM resources, recorded in {@link Principals} with their properties resolved as
 * for every other resource: {@code AWS::IAM::Role} (inline {@code Policies}, {@code
 * ManagedPolicyArns}), {@code AWS::IAM::Policy} (attached by {@code Roles}) and {@code
 * AWS::IAM::ManagedPolicy}; and each {@code AWS::Lambda::Function}'s {@code Role}. Roles get AWS's
 * ARN shape, {@code arn:aws:iam::<account>:role/<path><name>}.
 */
public final class IamResources {
  private IamResources() {}

  /** Registers the IAM provisioners and the function-role recorder on {@code deployer}. */
  public static void register(TemplateDeployer deployer, Principals principals) {
    register(deployer, principals, new FunctionPolicies());
  }

  /**
   * Also records the functions' resource-based policies: each {@code AWS::Lambda::Permission}, the
   * template's functions and the {@code AuthType} of their {@code AWS::Lambda::Url}s.
   */
  public static void register(
      TemplateDeployer deployer, Principals principals, FunctionPolicies functions) {
    deployer.register(
        "AWS::Lambda::Permission",
        r -> {
          functions.permission(r.logicalId(), r.properties());
          return new Provisioned(r.logicalId(), Map.of());
        });
    deployer.beforeProvisioning(
        r -> {
          if (r.type().equals("AWS::Lambda::Function")) {
            functions.templateFunction(r.text("FunctionName", r.generatedName(64)));
          } else if (r.type().equals("AWS::Lambda::Url")) {
            String target = r.text("TargetFunctionArn", "");
            String qualifier = r.text("Qualifier", null);
            functions.functionUrl(
                qualifier == null ? target : target + ":" + qualifier, r.text("AuthType", "NONE"));
          }
        });
    deployer.register("AWS::IAM::Role", r -> role(r, principals));
    deployer.register("AWS::IAM::Policy", r -> policy(r, principals));
    deployer.register("AWS::IAM::ManagedPolicy", r -> managedPolicy(r, principals));
    deployer.beforeProvisioning(
        r -> {
          if (r.type().equals("AWS::Lambda::Function") && r.properties().hasNonNull("Role")) {
            principals.functionRole(
                r.text("FunctionName", r.generatedName(64)), r.text("Role", null));
          }
        });
  }

  static Provisioned role(StackResource r, Principals principals) {
    String name = r.text("RoleName", r.generatedName(64));
    String path = r.text("Path", "/");
    String arn = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role" + path + name;
    List<Policy> inline = new ArrayList<>();
    for (JsonNode p : r.properties().path("Policies")) {
      inline.add(
          new Policy(
              r.logicalId() + "/" + p.path("PolicyName").asText(), p.path("PolicyDocument")));
    }
    List<String> managed = new ArrayList<>();
    r.properties().path("ManagedPolicyArns").forEach(a -> managed.add(a.asText()));
    principals.defineRole(arn, inline, managed);
    return new Provisioned(
        name, Map.of("Arn", arn, "RoleId", "AROA" + Integer.toHexString(arn.hashCode())));
  }

  static Provisioned policy(StackResource r, Principals principals) {
    Policy policy = new Policy(r.logicalId(), r.properties().path("PolicyDocument"));
    for (JsonNode role : r.properties().path("Roles")) {
      principals.attach(role.asText(), policy);
    }
    return new Provisioned(r.text("PolicyName", r.generatedName(128)), Map.of());
  }

  static Provisioned managedPolicy(StackResource r, Principals principals) {
    String name = r.text("ManagedPolicyName", r.generatedName(128));
    String arn = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":policy" + r.text("Path", "/") + name;
    Policy policy = new Policy(r.logicalId(), r.properties().path("PolicyDocument"));
    principals.defineManagedPolicy(arn, policy);
    for (JsonNode role : r.properties().path("Roles")) {
      principals.attach(role.asText(), policy);
    }
    return new Provisioned(arn, Map.of("PolicyArn", arn));
  }
}
