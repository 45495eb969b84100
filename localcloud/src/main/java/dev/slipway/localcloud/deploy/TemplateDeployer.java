package dev.slipway.localcloud.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.ResourceProvisioner.StackResource;
import dev.slipway.localcloud.server.LocalAws;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Deploys a CloudFormation template locally: resources in dependency order, properties resolved,
 * each supported type created (or updated in place on redeploy) by its {@link ResourceProvisioner}.
 * Types with no local meaning (IAM, log groups) are accepted; other types are reported once as
 * unsupported and fail only what refers to their attributes.
 */
public final class TemplateDeployer {
  /**
   * Types accepted without a local effect when nothing provisions them; local mode's IAM registers
   * the IAM types so their policies are evaluated (see the iam package).
   */
  private static final Set<String> NOT_ENFORCED =
      Set.of(
          "AWS::IAM::Role",
          "AWS::IAM::Policy",
          "AWS::IAM::ManagedPolicy",
          "AWS::Lambda::Permission",
          "AWS::CDK::Metadata",
          "AWS::SNS::TopicPolicy",
          "AWS::Events::Archive",
          "AWS::KMS::Key",
          "AWS::KMS::Alias",
          "AWS::SQS::QueuePolicy",
          "AWS::Lambda::EventInvokeConfig");

  private final Map<String, ResourceProvisioner> provisioners = new ConcurrentHashMap<>();
  private final List<Consumer<StackResource>> preparers =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile UnaryOperator<String> joinedText = UnaryOperator.identity();
  private volatile DynamicReferences.SecretValues secretValues;

  /** Sets (or replaces) the provisioner of a resource type, e.g. {@code AWS::ECS::Service}. */
  public void register(String type, ResourceProvisioner provisioner) {
    provisioners.put(type, provisioner);
  }

  /**
   * Sees every resource with its resolved properties just before its provisioner runs, e.g. to
   * record a function's role before the function starts.
   */
  public void beforeProvisioning(Consumer<StackResource> preparer) {
    preparers.add(preparer);
  }

  /**
   * Sets how text built by {@code Fn::Join} and {@code Fn::Sub} is rewritten, for addresses that
   * work differently in local mode (a listener's {@code <DNSName>:<port>}).
   */
  public void rewriteJoinedText(UnaryOperator<String> rewrite) {
    joinedText = rewrite;
  }

  /**
   * Sets where {@code {{resolve:secretsmanager:...}}} dynamic references in resource properties get
   * their values (secret id, version stage or null → the secret's string).
   */
  public void resolveSecretsWith(java.util.function.BinaryOperator<String> secretValue) {
    secretValues = secretValue::apply;
  }

  /** The resource types with a provisioner. */
  public Set<String> supportedTypes() {
    return new TreeSet<>(provisioners.keySet());
  }

  /** The resource types accepted without a local effect (IAM and other permissions). */
  public static Set<String> notEnforcedTypes() {
    return new TreeSet<>(NOT_ENFORCED);
  }

  /** The result of one deploy. */
  public record Report(
      String stackName,
      int deployed,
      Map<String, List<String>> unsupported,
      Map<String, String> outputs,
      Map<String, Provisioned> resources) {}

  /** Deploys one stack; {@code progress} gets one line per resource. */
  public Report deploy(CloudAssembly.Stack stack, Consumer<String> progress) {
    JsonNode template = stack.template();
    JsonNode resources = template.path("Resources");
    Map<String, Provisioned> done = new LinkedHashMap<>();
    Map<String, List<String>> unsupported = new TreeMap<>();
    StackReferences refs = new StackReferences(stack.name(), template, done);
    Intrinsics intrinsics = new Intrinsics(refs, joinedText);
    refs.intrinsics = intrinsics;
    int deployed = 0;
    for (String id : DependencyOrder.of(resources)) {
      JsonNode resource = resources.get(id);
      String type = resource.path("Type").asText();
      if (resource.has("Condition") && !refs.condition(resource.get("Condition").asText())) {
        continue;
      }
      ResourceProvisioner provisioner = provisioners.get(type);
      if (provisioner == null) {
        done.put(id, new Provisioned(placeholderName(stack.name(), id), Map.of()));
        if (!NOT_ENFORCED.contains(type)) {
          unsupported.computeIfAbsent(type, t -> new ArrayList<>()).add(id);
        }
        continue;
      }
      JsonNode properties;
      try {
        properties =
            DynamicReferences.resolve(
                intrinsics.resolve(resource.path("Properties")), secretValues);
      } catch (TemplateException e) {
        throw new TemplateException(id + " (" + type + "): " + e.getMessage(), e);
      }
      try {
        StackResource stackResource =
            new StackResource(stack.name(), id, type, properties, stack.assets());
        preparers.forEach(prepare -> prepare.accept(stackResource));
        Provisioned p = provisioner.apply(stackResource);
        done.put(id, p);
        deployed++;
        progress.accept("  " + type + " " + id + " -> " + p.physicalId());
      } catch (TemplateException e) {
        throw new TemplateException(id + " (" + type + "): " + e.getMessage(), e);
      } catch (Exception e) {
        throw new TemplateException(
            id + " (" + type + ") could not be created locally: " + e.getMessage(), e);
      }
    }
    Map<String, String> outputs = new TreeMap<>();
    for (var output : template.path("Outputs").properties()) {
      try {
        outputs.put(
            output.getKey(), Intrinsics.text(intrinsics.resolve(output.getValue().path("Value"))));
      } catch (TemplateException e) {
        outputs.put(output.getKey(), "(unavailable locally: " + e.getMessage() + ")");
      }
    }
    return new Report(stack.name(), deployed, unsupported, outputs, done);
  }

  private static String placeholderName(String stack, String id) {
    String name = (stack + "-" + id).replaceAll("[^A-Za-z0-9_-]", "-");
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  /** Ref/GetAtt values from parameters, pseudo parameters and the resources deployed so far. */
  private final class StackReferences implements Intrinsics.References {
    private final String stackName;
    private final JsonNode template;
    private final Map<String, Provisioned> done;
    private final Map<String, Boolean> conditions = new ConcurrentHashMap<>();
    Intrinsics intrinsics;

    StackReferences(String stackName, JsonNode template, Map<String, Provisioned> done) {
      this.stackName = stackName;
      this.template = template;
      this.done = done;
    }

    @Override
    public JsonNode ref(String name) {
      switch (name) {
        case "AWS::Region":
          return TextNode.valueOf(LocalAws.REGION);
        case "AWS::AccountId":
          return TextNode.valueOf(LocalAws.ACCOUNT_ID);
        case "AWS::Partition":
          return TextNode.valueOf("aws");
        case "AWS::URLSuffix":
          return TextNode.valueOf("amazonaws.com");
        case "AWS::StackName":
          return TextNode.valueOf(stackName);
        case "AWS::StackId":
          return TextNode.valueOf(LocalAws.arn("cloudformation", "stack/" + stackName + "/local"));
        default:
          break;
      }
      JsonNode parameter = template.path("Parameters").get(name);
      if (parameter != null) {
        return parameter.has("Default") ? parameter.get("Default") : TextNode.valueOf("");
      }
      Provisioned p = done.get(name);
      if (p == null) {
        throw new TemplateException(
            "Ref to " + name + ", which is neither a parameter nor a deployed resource");
      }
      return TextNode.valueOf(p.physicalId());
    }

    @Override
    public JsonNode getAtt(String resource, String attribute) {
      Provisioned p = done.get(resource);
      if (p == null) {
        throw new TemplateException("Fn::GetAtt on " + resource + ", which is not deployed");
      }
      String value = p.attributes().get(attribute);
      if (value != null) {
        return TextNode.valueOf(value);
      }
      String type = template.path("Resources").path(resource).path("Type").asText();
      if (provisioners.containsKey(type)) {
        throw new TemplateException(
            "attribute "
                + attribute
                + " of "
                + resource
                + " ("
                + type
                + ") is not available in local mode");
      }
      // a resource local mode does not create still gets AWS-shaped values, so what refers to it
      // deploys; using them (e.g. calling that ARN) fails with a clear "not available" error
      String service = type.split("::")[1].toLowerCase(java.util.Locale.ROOT);
      return TextNode.valueOf(
          attribute.endsWith("Arn") || attribute.equals("Arn")
              ? LocalAws.arn(service, p.physicalId())
              : "unavailable-in-local-mode-" + resource + "-" + attribute);
    }

    @Override
    public boolean condition(String name) {
      return conditions.computeIfAbsent(
          name,
          n -> {
            JsonNode c = template.path("Conditions").get(n);
            if (c == null) {
              throw new TemplateException("condition " + n + " is not defined");
            }
            JsonNode v = intrinsics.resolve(c);
            return v.isBoolean() ? v.booleanValue() : v.asText().equals("true");
          });
    }
  }

  /** Topological order of resources by Ref/GetAtt/Sub references and DependsOn. */
  static final class DependencyOrder {
    private DependencyOrder() {}

    static List<String> of(JsonNode resources) {
      Map<String, Set<String>> deps = new TreeMap<>();
      for (var e : resources.properties()) {
        Set<String> refs = new TreeSet<>();
        Intrinsics.references(e.getValue().path("Properties"), refs);
        JsonNode dependsOn = e.getValue().path("DependsOn");
        if (dependsOn.isTextual()) {
          refs.add(dependsOn.asText());
        } else {
          dependsOn.forEach(d -> refs.add(d.asText()));
        }
        refs.retainAll(iterable(resources));
        refs.remove(e.getKey());
        deps.put(e.getKey(), refs);
      }
      List<String> order = new ArrayList<>();
      Set<String> visiting = new TreeSet<>();
      Set<String> visited = new TreeSet<>();
      for (String id : deps.keySet()) {
        visit(id, deps, visiting, visited, order);
      }
      return order;
    }

    private static Set<String> iterable(JsonNode resources) {
      Set<String> names = new TreeSet<>();
      resources.fieldNames().forEachRemaining(names::add);
      return names;
    }

    private static void visit(
        String id,
        Map<String, Set<String>> deps,
        Set<String> visiting,
        Set<String> visited,
        List<String> order) {
      if (visited.contains(id)) {
        return;
      }
      if (!visiting.add(id)) {
        throw new TemplateException("circular dependency between resources involving " + id);
      }
      for (String d : deps.get(id)) {
        visit(d, deps, visiting, visited, order);
      }
      visiting.remove(id);
      visited.add(id);
      order.add(id);
    }
  }
}
