package dev.slipway.localcloud.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.ResourceProvisioner.Provisioned;
import dev.slipway.localcloud.deploy.ResourceProvisioner.StackResource;
import dev.slipway.localcloud.events.LocalEventBridge;
import dev.slipway.localcloud.protocol.JsonShapeReader;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.ServiceRegistry;
import dev.slipway.localcloud.sns.LocalSns;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.model.CreateEventBusRequest;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusRequest;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.PutRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsRequest;
import software.amazon.awssdk.services.eventbridge.model.RemoveTargetsRequest;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;

/** Provisioners for SNS, EventBridge and Step Functions resources. */
public final class MessagingResources {
  private MessagingResources() {}

  /** Registers the provisioners; Step Functions is reached through the registry's API. */
  public static void register(
      TemplateDeployer deployer, LocalSns sns, LocalEventBridge events, ServiceRegistry registry) {
    deployer.register("AWS::SNS::Topic", r -> topic(r, sns));
    deployer.register(
        "AWS::SNS::Subscription",
        r -> {
          String arn =
              sns.subscribe(
                      SubscribeRequest.builder()
                          .topicArn(r.text("TopicArn", null))
                          .protocol(r.text("Protocol", null))
                          .endpoint(r.text("Endpoint", null))
                          .build())
                  .subscriptionArn();
          return new Provisioned(arn, Map.of());
        });
    deployer.register("AWS::Events::EventBus", r -> bus(r, events));
    deployer.register("AWS::Events::Rule", r -> rule(r, events));
    deployer.register("AWS::StepFunctions::StateMachine", r -> stateMachine(r, registry));
  }

  static Provisioned topic(StackResource r, LocalSns sns) {
    String name = r.text("TopicName", r.generatedName(256));
    String arn = sns.createTopic(CreateTopicRequest.builder().name(name).build()).topicArn();
    for (JsonNode s : r.properties().path("Subscription")) {
      sns.subscribe(
          SubscribeRequest.builder()
              .topicArn(arn)
              .protocol(s.path("Protocol").asText())
              .endpoint(s.path("Endpoint").asText())
              .build());
    }
    return new Provisioned(arn, Map.of("TopicArn", arn, "TopicName", name));
  }

  static Provisioned bus(StackResource r, LocalEventBridge events) {
    String name = r.text("Name", r.generatedName(256));
    if (!ServerlessResources.exists(
        () -> events.describeEventBus(DescribeEventBusRequest.builder().name(name).build()))) {
      events.createEventBus(CreateEventBusRequest.builder().name(name).build());
    }
    return new Provisioned(
        name, Map.of("Arn", LocalAws.arn("events", "event-bus/" + name), "Name", name));
  }

  static Provisioned rule(StackResource r, LocalEventBridge events) {
    String name = r.text("Name", r.generatedName(64));
    String bus = r.text("EventBusName", "default");
    JsonNode pattern = r.properties().get("EventPattern");
    String arn =
        events
            .putRule(
                PutRuleRequest.builder()
                    .name(name)
                    .eventBusName(bus)
                    .eventPattern(
                        pattern == null
                            ? null
                            : pattern.isTextual() ? pattern.asText() : pattern.toString())
                    .scheduleExpression(r.text("ScheduleExpression", null))
                    .state(
                        r.text("State", "ENABLED").equals("DISABLED")
                            ? RuleState.DISABLED
                            : RuleState.ENABLED)
                    .description(r.text("Description", null))
                    .build())
            .ruleArn();
    List<Target> targets = new ArrayList<>();
    for (JsonNode t : r.properties().path("Targets")) {
      Target.Builder b = Target.builder();
      JsonShapeReader.readInto(
          (software.amazon.awssdk.core.SdkPojo) b, t, r.logicalId() + ".Targets");
      targets.add(b.build());
    }
    // redeploy in place: targets no longer in the template go away
    List<String> stale = new ArrayList<>();
    for (Target existing :
        events
            .listTargetsByRule(
                ListTargetsByRuleRequest.builder().rule(name).eventBusName(bus).build())
            .targets()) {
      if (targets.stream().noneMatch(t -> t.id().equals(existing.id()))) {
        stale.add(existing.id());
      }
    }
    if (!stale.isEmpty()) {
      events.removeTargets(
          RemoveTargetsRequest.builder().rule(name).eventBusName(bus).ids(stale).build());
    }
    if (!targets.isEmpty()) {
      events.putTargets(
          PutTargetsRequest.builder().rule(name).eventBusName(bus).targets(targets).build());
    }
    return new Provisioned(name, Map.of("Arn", arn));
  }

  static Provisioned stateMachine(StackResource r, ServiceRegistry registry) throws Exception {
    String name = r.text("StateMachineName", r.generatedName(80));
    String definition;
    JsonNode p = r.properties();
    if (p.has("DefinitionString")) {
      definition = p.get("DefinitionString").asText();
    } else if (p.has("Definition")) {
      definition = p.get("Definition").toString();
    } else if (p.has("DefinitionS3Location")) {
      definition =
          Files.readString(r.assets().file(p.path("DefinitionS3Location").path("Key").asText()));
    } else {
      throw new TemplateException("state machine " + name + " has no definition");
    }
    for (var s : p.path("DefinitionSubstitutions").properties()) {
      definition = definition.replace("${" + s.getKey() + "}", s.getValue().asText());
    }
    String arn = LocalAws.arn("states", "stateMachine:" + name);
    String role = r.text("RoleArn", LocalAws.arn("iam", "role/" + name));
    String type = r.text("StateMachineType", "STANDARD");
    final String body = definition;
    if (ServerlessResources.exists(
        () -> registry.call(DescribeStateMachineRequest.builder().stateMachineArn(arn).build()))) {
      registry.call(
          UpdateStateMachineRequest.builder()
              .stateMachineArn(arn)
              .definition(body)
              .roleArn(role)
              .build());
    } else {
      registry.call(
          CreateStateMachineRequest.builder()
              .name(name)
              .definition(body)
              .roleArn(role)
              .type(type)
              .build());
    }
    return new Provisioned(arn, Map.of("Arn", arn, "Name", name));
  }
}
