package dev.slipway.localcloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.StateDatabase;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.model.*;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge: buses, rules with event patterns (matched by AWS's event-ruler), targets with input
 * transformation, PutEvents, and at-least-once delivery through {@link DeliveryQueue}. Schedule
 * rules are stored but not fired in local mode.
 */
public final class LocalEventBridge implements AutoCloseable {
  private final EventStore store;
  private final Clock clock;
  private final DeliveryQueue deliveries;

  /** Delivers through {@code invoker}; the first retry waits {@code firstBackoff}, then doubles. */
  public LocalEventBridge(
      StateDatabase db, Clock clock, TargetInvoker invoker, Duration firstBackoff) {
    this.store = new EventStore(db);
    this.clock = clock;
    this.deliveries = new DeliveryQueue(db, clock, invoker, firstBackoff);
  }

  public CreateEventBusResponse createEventBus(CreateEventBusRequest r) {
    String name = AwsErrors.required(r.name(), "name");
    if (store.buses().contains(name)) {
      throw AwsErrors.of(
          ResourceAlreadyExistsException.builder(),
          400,
          "ResourceAlreadyExistsException",
          "Event bus " + name + " already exists.");
    }
    store.putBus(name);
    return CreateEventBusResponse.builder().eventBusArn(busArn(name)).build();
  }

  public DescribeEventBusResponse describeEventBus(DescribeEventBusRequest r) {
    String name = bus(r.name());
    return DescribeEventBusResponse.builder().name(name).arn(busArn(name)).build();
  }

  public ListEventBusesResponse listEventBuses(ListEventBusesRequest r) {
    List<EventBus> out = new ArrayList<>();
    store.buses().forEach(b -> out.add(EventBus.builder().name(b).arn(busArn(b)).build()));
    return ListEventBusesResponse.builder().eventBuses(out).build();
  }

  public DeleteEventBusResponse deleteEventBus(DeleteEventBusRequest r) {
    store.deleteBus(bus(r.name()));
    return DeleteEventBusResponse.builder().build();
  }

  public PutRuleResponse putRule(PutRuleRequest r) {
    String bus = bus(r.eventBusName());
    AwsErrors.required(r.name(), "name");
    if (r.eventPattern() == null && r.scheduleExpression() == null) {
      throw AwsErrors.generic(
          400,
          "ValidationException",
          "Parameter(s) EventPattern or ScheduleExpression must be specified.");
    }
    if (r.eventPattern() != null) {
      try {
        Machine.builder().build().addRule(r.name(), r.eventPattern());
      } catch (IOException | RuntimeException e) {
        throw AwsErrors.of(
            InvalidEventPatternException.builder(),
            400,
            "InvalidEventPatternException",
            "Event pattern is not valid. Reason: " + e.getMessage());
      }
    }
    store.putRule(bus, r.toBuilder().eventBusName(bus).build());
    return PutRuleResponse.builder().ruleArn(ruleArn(bus, r.name())).build();
  }

  public DescribeRuleResponse describeRule(DescribeRuleRequest r) {
    String bus = bus(r.eventBusName());
    PutRuleRequest rule = rule(bus, r.name());
    return DescribeRuleResponse.builder()
        .name(rule.name())
        .arn(ruleArn(bus, rule.name()))
        .eventPattern(rule.eventPattern())
        .scheduleExpression(rule.scheduleExpression())
        .state(rule.state() == null ? RuleState.ENABLED : rule.state())
        .description(rule.description())
        .eventBusName(bus)
        .build();
  }

  public ListRulesResponse listRules(ListRulesRequest r) {
    String bus = bus(r.eventBusName());
    List<Rule> out = new ArrayList<>();
    for (PutRuleRequest rule : store.rules(bus)) {
      if (r.namePrefix() == null || rule.name().startsWith(r.namePrefix())) {
        out.add(
            Rule.builder()
                .name(rule.name())
                .arn(ruleArn(bus, rule.name()))
                .eventPattern(rule.eventPattern())
                .state(rule.state() == null ? RuleState.ENABLED : rule.state())
                .eventBusName(bus)
                .build());
      }
    }
    return ListRulesResponse.builder().rules(out).build();
  }

  public DeleteRuleResponse deleteRule(DeleteRuleRequest r) {
    String bus = bus(r.eventBusName());
    rule(bus, r.name());
    if (!store.targets(bus, r.name()).isEmpty()) {
      throw AwsErrors.generic(
          400, "ValidationException", "Rule can't be deleted since it has targets.");
    }
    store.deleteRule(bus, r.name());
    return DeleteRuleResponse.builder().build();
  }

  public EnableRuleResponse enableRule(EnableRuleRequest r) {
    String bus = bus(r.eventBusName());
    store.putRule(bus, rule(bus, r.name()).toBuilder().state(RuleState.ENABLED).build());
    return EnableRuleResponse.builder().build();
  }

  public DisableRuleResponse disableRule(DisableRuleRequest r) {
    String bus = bus(r.eventBusName());
    store.putRule(bus, rule(bus, r.name()).toBuilder().state(RuleState.DISABLED).build());
    return DisableRuleResponse.builder().build();
  }

  public PutTargetsResponse putTargets(PutTargetsRequest r) {
    String bus = bus(r.eventBusName());
    rule(bus, AwsErrors.required(r.rule(), "rule"));
    for (Target t : r.targets()) {
      AwsErrors.required(t.id(), "targets.member.id");
      AwsErrors.required(t.arn(), "targets.member.arn");
      store.putTarget(bus, r.rule(), t);
    }
    return PutTargetsResponse.builder().failedEntryCount(0).build();
  }

  public ListTargetsByRuleResponse listTargetsByRule(ListTargetsByRuleRequest r) {
    String bus = bus(r.eventBusName());
    rule(bus, r.rule());
    return ListTargetsByRuleResponse.builder().targets(store.targets(bus, r.rule())).build();
  }

  public RemoveTargetsResponse removeTargets(RemoveTargetsRequest r) {
    String bus = bus(r.eventBusName());
    r.ids().forEach(id -> store.removeTarget(bus, r.rule(), id));
    return RemoveTargetsResponse.builder().failedEntryCount(0).build();
  }

  public PutEventsResponse putEvents(PutEventsRequest r) {
    List<PutEventsResultEntry> results = new ArrayList<>();
    int failed = 0;
    for (PutEventsRequestEntry entry : r.entries()) {
      String problem = problem(entry);
      if (problem != null) {
        failed++;
        results.add(
            PutEventsResultEntry.builder()
                .errorCode("MalformedDetail")
                .errorMessage(problem)
                .build());
        continue;
      }
      String id = UUID.randomUUID().toString();
      ObjectNode event = envelope(id, entry);
      route(bus(entry.eventBusName()), event);
      results.add(PutEventsResultEntry.builder().eventId(id).build());
    }
    return PutEventsResponse.builder().entries(results).failedEntryCount(failed).build();
  }

  private static String problem(PutEventsRequestEntry e) {
    if (e.source() == null || e.detailType() == null || e.detail() == null) {
      return "Parameters Source, DetailType and Detail are required.";
    }
    try {
      JsonNode detail = Json.MAPPER.readTree(e.detail());
      return detail != null && detail.isObject() ? null : "Detail is malformed.";
    } catch (IOException ex) {
      return "Detail is malformed.";
    }
  }

  private ObjectNode envelope(String id, PutEventsRequestEntry entry) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("version", "0");
    event.put("id", id);
    event.put("detail-type", entry.detailType());
    event.put("source", entry.source());
    event.put("account", LocalAws.ACCOUNT_ID);
    event.put(
        "time",
        (entry.time() == null ? clock.instant() : entry.time())
            .truncatedTo(ChronoUnit.SECONDS)
            .toString());
    event.put("region", LocalAws.REGION);
    var resources = event.putArray("resources");
    entry.resources().forEach(resources::add);
    try {
      event.set("detail", Json.MAPPER.readTree(entry.detail()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return event;
  }

  /** Matches an event against the bus's enabled rules and queues one delivery per target. */
  void route(String bus, ObjectNode event) {
    for (PutRuleRequest rule : store.rules(bus)) {
      if (rule.eventPattern() == null
          || rule.state() == RuleState.DISABLED
          || !matches(rule, event)) {
        continue;
      }
      for (Target t : store.targets(bus, rule.name())) {
        RetryPolicy policy = t.retryPolicy();
        int retries =
            policy == null || policy.maximumRetryAttempts() == null
                ? 185
                : policy.maximumRetryAttempts();
        int age =
            policy == null || policy.maximumEventAgeInSeconds() == null
                ? 86_400
                : policy.maximumEventAgeInSeconds();
        deliveries.add(
            new TargetInvoker.TargetCall(
                t.arn(),
                t.roleArn(),
                ruleArn(bus, rule.name()),
                InputTransformation.apply(t, event, rule.name())),
            retries,
            Duration.ofSeconds(age));
      }
    }
  }

  private static boolean matches(PutRuleRequest rule, JsonNode event) {
    try {
      Machine machine = Machine.builder().build();
      machine.addRule(rule.name(), rule.eventPattern());
      return !machine.rulesForJSONEvent(event.toString()).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** Deliveries still waiting (first try or retry). */
  public int pendingDeliveries() {
    return deliveries.pending();
  }

  private String bus(String nameOrArn) {
    String name = nameOrArn == null ? "default" : LocalAws.nameFromArn(nameOrArn, ":event-bus/");
    if (!store.buses().contains(name)) {
      throw AwsErrors.of(
          ResourceNotFoundException.builder(),
          400,
          "ResourceNotFoundException",
          "Event bus " + name + " does not exist.");
    }
    return name;
  }

  private PutRuleRequest rule(String bus, String name) {
    return store.rules(bus).stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                AwsErrors.of(
                    ResourceNotFoundException.builder(),
                    400,
                    "ResourceNotFoundException",
                    "Rule " + name + " does not exist on EventBus " + bus + "."));
  }

  private static String busArn(String name) {
    return LocalAws.arn("events", "event-bus/" + name);
  }

  private static String ruleArn(String bus, String rule) {
    return LocalAws.arn("events", "rule/" + (bus.equals("default") ? "" : bus + "/") + rule);
  }

  @Override
  public void close() {
    deliveries.close();
  }
}
