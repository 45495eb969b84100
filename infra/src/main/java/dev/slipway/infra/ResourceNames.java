package dev.slipway.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every name Slipway gives an AWS resource of one service, and the check of each against the length
 * and character rules of the service that owns it (the API references' {@code Length Constraints}
 * and {@code Pattern} of the name parameter). {@code slipway.json}'s own rules (lowercase letters,
 * digits and '-', at most 40 characters) allow names that AWS then refuses in a derived name, for
 * example a 33-character service whose function {@code slipway-<service>-OnDeploymentStateChange}
 * is over Lambda's 64: synth stops on those, naming the field, the derived name and the limit,
 * instead of {@code cdk deploy} failing halfway.
 *
 * <p>Load balancer and target group names (32 characters) are left to CloudFormation, which
 * generates valid ones; role names are generated too.
 */
public final class ResourceNames {
  private static final String PREFIX = "slipway-";

  /** One AWS naming rule. */
  enum Rule {
    LAMBDA_FUNCTION("Lambda function name", 1, 64, "[a-zA-Z0-9_-]+"),
    LOG_GROUP("CloudWatch Logs log group name", 1, 512, "[.\\-_/#A-Za-z0-9]+"),
    CODEBUILD_PROJECT("CodeBuild project name", 2, 255, "[A-Za-z0-9][A-Za-z0-9_-]*"),
    EVENT_BUS("EventBridge event bus name", 1, 256, "[/.\\-_A-Za-z0-9]+"),
    ECR_REPOSITORY(
        "ECR repository name",
        2,
        256,
        "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*"),
    STATE_MACHINE("Step Functions state machine name", 1, 80, "[A-Za-z0-9_-]+"),
    ECS_NAME("ECS cluster, service or task family name", 1, 255, "[A-Za-z0-9_-]+"),
    SNS_TOPIC("SNS topic name", 1, 256, "[A-Za-z0-9_-]+"),
    ALARM("CloudWatch alarm name", 1, 255, "[^\\p{Cntrl}]+"),
    DASHBOARD("CloudWatch dashboard name", 1, 255, "[A-Za-z0-9_-]+"),
    STACK("CloudFormation stack name", 1, 128, "[A-Za-z][A-Za-z0-9-]*");

    final String what;
    final int min;
    final int max;
    final Pattern pattern;

    Rule(String what, int min, int max, String pattern) {
      this.what = what;
      this.min = min;
      this.max = max;
      this.pattern = Pattern.compile(pattern);
    }

    /** Why {@code name} breaks this rule, or {@code null} when it does not. */
    String problem(String name) {
      if (name.length() > max) {
        return name.length() + " characters; AWS allows at most " + max;
      }
      if (name.length() < min) {
        return name.length() + " characters; AWS needs at least " + min;
      }
      if (!pattern.matcher(name).matches()) {
        return this == ECR_REPOSITORY
            ? "ECR allows lowercase letters and digits separated by single '.', '_' or '-',"
                + " never two separators in a row or one at the end"
            : "characters AWS does not allow (pattern " + pattern.pattern() + ")";
      }
      return null;
    }
  }

  /** A derived name, the rule it must follow, and the config field it comes from. */
  record Derived(String name, Rule rule, String field) {}

  private ResourceNames() {}

  public static String stack(String service) {
    return "Slipway-" + service;
  }

  public static String function(String service, Handler handler) {
    return PREFIX + service + "-" + handler.className();
  }

  public static String functionLogGroup(String service, Handler handler) {
    return "/aws/lambda/" + function(service, handler);
  }

  public static String buildProject(String service) {
    return PREFIX + service + "-build";
  }

  public static String bus(String service) {
    return PREFIX + service;
  }

  public static String imageRepository(String service) {
    return "slipway/" + service;
  }

  public static String stateMachine(String service) {
    return PREFIX + service + "-pipeline";
  }

  public static String stateMachineLogGroup(String service) {
    return "/aws/vendedlogs/states/" + stateMachine(service);
  }

  /** The ECS cluster of one environment; also its task definition family. */
  public static String cluster(String service, String environment) {
    return PREFIX + service + "-" + environment;
  }

  /** The task definition family every deploy of the environment copies and registers. */
  public static String taskFamily(String service, String environment) {
    return cluster(service, environment);
  }

  /** The family of the definition the services are created with (never run). */
  public static String bootstrapFamily(String service, String environment) {
    return taskFamily(service, environment) + "-bootstrap";
  }

  /** One of the environment's two ECS services, {@code color} {@code blue} or {@code green}. */
  public static String ecsService(String service, String environment, String color) {
    return cluster(service, environment) + "-" + color;
  }

  public static String topic(String service) {
    return PREFIX + service + "-notifications";
  }

  public static String failedRunsAlarm(String service) {
    return PREFIX + service + "-pipeline-failed";
  }

  public static String dashboard(String service) {
    return PREFIX + service;
  }

  /** Every name derived for {@code service} and its environments. */
  static List<Derived> all(String service, List<String> environments) {
    String serviceField = "pipeline.service";
    var names = new ArrayList<Derived>();
    names.add(new Derived(stack(service), Rule.STACK, serviceField));
    for (Handler handler : Handler.values()) {
      names.add(new Derived(function(service, handler), Rule.LAMBDA_FUNCTION, serviceField));
      names.add(new Derived(functionLogGroup(service, handler), Rule.LOG_GROUP, serviceField));
    }
    names.add(new Derived(buildProject(service), Rule.CODEBUILD_PROJECT, serviceField));
    names.add(new Derived(bus(service), Rule.EVENT_BUS, serviceField));
    names.add(new Derived(imageRepository(service), Rule.ECR_REPOSITORY, serviceField));
    names.add(new Derived(stateMachine(service), Rule.STATE_MACHINE, serviceField));
    names.add(new Derived(stateMachineLogGroup(service), Rule.LOG_GROUP, serviceField));
    names.add(new Derived(topic(service), Rule.SNS_TOPIC, serviceField));
    names.add(new Derived(failedRunsAlarm(service), Rule.ALARM, serviceField));
    names.add(new Derived(dashboard(service), Rule.DASHBOARD, serviceField));
    for (int i = 0; i < environments.size(); i++) {
      String env = environments.get(i);
      String field = "pipeline.environments[" + i + "]";
      names.add(new Derived(cluster(service, env), Rule.ECS_NAME, field));
      names.add(new Derived(taskFamily(service, env), Rule.ECS_NAME, field));
      names.add(new Derived(bootstrapFamily(service, env), Rule.ECS_NAME, field));
      for (String color : List.of("blue", "green")) {
        names.add(new Derived(ecsService(service, env, color), Rule.ECS_NAME, field));
      }
    }
    return names;
  }

  /**
   * Refuses a service whose derived names AWS would refuse.
   *
   * @param at the service's path in {@code slipway.json}, e.g. {@code services[0]}
   * @throws InvalidConfigException naming the field, the first bad name, its rule and the fix
   */
  static void check(String at, String service, List<String> environments) {
    for (Derived d : all(service, environments)) {
      String problem = d.rule().problem(d.name());
      if (problem != null) {
        throw new InvalidConfigException(
            at + "." + d.field(),
            "makes the " + d.rule().what + " '" + d.name() + "': " + problem + fix(d, service));
      }
    }
  }

  private static String fix(Derived d, String service) {
    if (d.rule().problem(d.name()).startsWith(d.name().length() + " characters")
        && d.field().equals("pipeline.service")) {
      int over = d.name().length() - d.rule().max;
      return "; shorten the service name to at most " + (service.length() - over) + " characters";
    }
    return "";
  }
}
