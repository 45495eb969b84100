package dev.slipway.localcloud.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Creates or updates the local equivalent of one CloudFormation resource type. Register one per
 * type with {@link TemplateDeployer#register}; the deployer calls it in dependency order with the
 * resource's properties already resolved (Ref, GetAtt, Sub, … replaced by values).
 */
@FunctionalInterface
public interface ResourceProvisioner {
  /**
   * Creates the resource, or updates it in place when it exists (redeploy).
   *
   * @param resource the logical id, type, resolved properties, and the stack's names
   * @return the physical id (the value of {@code Ref}) and attributes (for {@code Fn::GetAtt})
   */
  Provisioned apply(StackResource resource) throws Exception;

  /** The result of provisioning: what Ref and GetAtt return for the resource. */
  record Provisioned(String physicalId, Map<String, String> attributes) {}

  /**
   * One resource of a stack.
   *
   * @param stackName the CloudFormation stack name
   * @param logicalId the resource's logical id
   * @param type e.g. {@code AWS::Lambda::Function}
   * @param properties the resolved properties
   * @param assets the stack's file assets (S3 object key to local path)
   */
  record StackResource(
      String stackName, String logicalId, String type, JsonNode properties, Assets assets) {

    /** A physical name CloudFormation would generate: stack, logical id, within {@code max}. */
    public String generatedName(int max) {
      String name = (stackName + "-" + logicalId).replaceAll("[^A-Za-z0-9_-]", "-");
      return name.length() <= max ? name : name.substring(0, max);
    }

    /** A string property, or {@code fallback}. */
    public String text(String property, String fallback) {
      JsonNode v = properties.get(property);
      return v == null || v.isNull() ? fallback : Intrinsics.text(v);
    }
  }
}
