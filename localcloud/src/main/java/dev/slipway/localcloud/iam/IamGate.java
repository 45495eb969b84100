package dev.slipway.localcloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.ProtocolDispatcher;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates each request made with a role's credentials against that role's identity policies
 * before the service answers it. A request the policies would not allow is a denial: in {@link
 * IamMode#AUDIT} it is logged (local mode's log and one JSON line in {@code
 * <state>/logs/iam-denials.log}) and goes on; in {@link IamMode#ENFORCE} it is answered with AWS's
 * access denied error in the service's protocol. Requests with no known principal are an
 * administrator's and are not evaluated. Calls services make with a role they were given (a state
 * machine's tasks, a rule's targets) are evaluated through {@link #authorize}.
 */
public final class IamGate {
  private static final Logger LOG = Logger.getLogger(IamGate.class.getName());
  private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");

  private final IamMode mode;
  private final Principals principals;
  private final FunctionPolicies functionPolicies;
  private final RequestActions actions;
  private final Path denialLog;
  private final Clock clock;

  /**
   * @param mode audit, enforce or off
   * @param principals the template's roles and the credentials handed out for them
   * @param lookup resolves what the request does not carry (task token owners, secret ARNs)
   * @param denialLog the JSON-lines file denials are appended to
   */
  public IamGate(
      IamMode mode, Principals principals, ResourceLookup lookup, Path denialLog, Clock clock) {
    this(mode, principals, new FunctionPolicies(), lookup, denialLog, clock);
  }

  /**
   * @param functionPolicies the functions' resource-based policies, for callers that are services
   *     or anonymous (EventBridge targets, function URLs)
   */
  public IamGate(
      IamMode mode,
      Principals principals,
      FunctionPolicies functionPolicies,
      ResourceLookup lookup,
      Path denialLog,
      Clock clock) {
    this.mode = mode;
    this.principals = principals;
    this.functionPolicies = functionPolicies;
    this.actions = new RequestActions(lookup);
    this.denialLog = denialLog;
    this.clock = clock;
  }

  /** The mode this gate runs in. */
  public IamMode mode() {
    return mode;
  }

  /** The file denials are written to. */
  public Path denialLog() {
    return denialLog;
  }

  /**
   * A denial of one request.
   *
   * @param principal the caller, {@code arn:aws:sts::…:assumed-role/<role>/<session>}
   * @param request the denied action and resource
   * @param decision why: implicit or explicit deny
   * @param message AWS's message
   * @param policies the policies that were evaluated
   * @param mapped false when the operation's resources are not mapped (evaluated on {@code *})
   * @param resourcePolicy true when the resource's policy was evaluated, not a role's
   */
  public record Denial(
      String principal,
      AuthorizationRequest request,
      Decision decision,
      String message,
      List<String> policies,
      boolean mapped,
      boolean resourcePolicy) {}

  /**
   * Checks a request before dispatch: null to let it through (always, unless enforcing), else the
   * access denied response.
   */
  public WireResponse check(ServiceDescriptor service, WireRequest request) {
    if (mode == IamMode.OFF) {
      return null;
    }
    Optional<Principals.Session> session = principals.session(accessKeyId(request));
    if (session.isEmpty()) {
      return null;
    }
    RequestActions.Mapped mapped = actions.map(service, request);
    if (mapped == null) {
      return null;
    }
    Optional<Denial> denial = evaluate(session.get(), mapped);
    if (denial.isEmpty()) {
      return null;
    }
    record(denial.get());
    return mode == IamMode.ENFORCE
        ? ProtocolDispatcher.error(service, AccessDenied.error(service, denial.get().message()))
        : null;
  }

  /**
   * Evaluates a call a service makes with a role it was given, for a caller that is not a signed
   * request: a state machine's role for its Task states, a rule target's role for delivering to the
   * target. A denial is logged as every other; the result is the denial when the call must not be
   * made (enforce mode), empty when it may go on. A role the template does not define is not
   * evaluated, as requests with an administrator's keys are not.
   *
   * @param session the role session the service opened ({@link Principals#serviceSession})
   * @param prefix the action prefix ({@code lambda}, {@code states}, {@code ecs})
   * @param operation the API operation ({@code Invoke}, {@code StartExecution})
   * @param input the operation's input with the API's member names
   */
  public Optional<Denial> authorize(
      Principals.Session session, String prefix, String operation, JsonNode input) {
    if (mode == IamMode.OFF || !principals.knows(session.roleArn())) {
      return Optional.empty();
    }
    Optional<Denial> denial = evaluate(session, actions.map(prefix, operation, input));
    denial.ifPresent(this::record);
    return mode == IamMode.ENFORCE ? denial : Optional.empty();
  }

  /**
   * Evaluates a call to a function the template defines by a caller with no role of the account: a
   * service principal ({@code events.amazonaws.com} delivering a rule's event) or an anonymous
   * caller ({@code *}, a function URL with {@code AuthType NONE}), against the function's
   * resource-based policy only, as Lambda does. Logged like every denial; the denial is returned
   * when the call must not be made (enforce mode).
   *
   * @param principal the service principal, or {@code *}
   * @param request the action on the (qualified) function ARN, with the request's condition keys
   * @param message AWS's answer to the caller (for a function URL, {@code Forbidden})
   */
  public Optional<Denial> authorizeFunctionCall(
      String principal, AuthorizationRequest request, String message) {
    if (mode == IamMode.OFF || !functionPolicies.governs(request.resource())) {
      return Optional.empty();
    }
    AuthorizationRequest withGlobals =
        request
            .with("aws:RequestedRegion", dev.slipway.localcloud.server.LocalAws.REGION)
            .with("aws:SecureTransport", "true");
    Decision d = functionPolicies.evaluate(principal, withGlobals);
    if (d.allowed()) {
      return Optional.empty();
    }
    Denial denial =
        new Denial(
            principal,
            request,
            d,
            message,
            List.of(functionPolicies.policyOf(request.resource()).name()),
            true,
            true);
    record(denial);
    return mode == IamMode.ENFORCE ? Optional.of(denial) : Optional.empty();
  }

  /**
   * Whether an anonymous request to the function URL serving {@code functionArn} (qualified by the
   * URL's alias) may invoke it. With {@code AuthType NONE} Lambda still applies the function's
   * resource-based policy, which must grant public access: {@code lambda:InvokeFunctionUrl} (with
   * {@code lambda:FunctionUrlAuthType} NONE) and, for URLs created since October 2025, {@code
   * lambda:InvokeFunction} (with {@code lambda:InvokedViaFunctionUrl}) to {@code *} (Lambda
   * developer guide, "Control access to Lambda function URLs"). Otherwise Lambda answers 403 {@code
   * Forbidden}. URLs with {@code AuthType AWS_IAM} and URLs the template does not define are not
   * evaluated.
   */
  public boolean functionUrlAllowed(String functionArn) {
    String arn = FunctionPolicies.functionArn(functionArn);
    if (!functionPolicies.urlAuthType(arn).map("NONE"::equals).orElse(false)) {
      return true;
    }
    for (String action : List.of("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")) {
      AuthorizationRequest request =
          AuthorizationRequest.of(action, arn)
              .with("lambda:FunctionUrlAuthType", "NONE")
              .with("lambda:InvokedViaFunctionUrl", "true");
      if (authorizeFunctionCall("*", request, "Forbidden").isPresent()) {
        return false;
      }
    }
    return true;
  }

  /** Evaluates every permission a call needs; the first one not allowed is the denial. */
  public Optional<Denial> evaluate(Principals.Session session, RequestActions.Mapped mapped) {
    List<Policy> policies = principals.policiesOf(session.roleArn());
    String principal = session.principalArn();
    for (AuthorizationRequest r : mapped.requests()) {
      AuthorizationRequest withGlobals =
          r.with("aws:PrincipalArn", session.roleArn())
              .with("aws:PrincipalAccount", dev.slipway.localcloud.server.LocalAws.ACCOUNT_ID)
              .with("aws:RequestedRegion", dev.slipway.localcloud.server.LocalAws.REGION)
              // the same call on AWS goes over TLS; local mode's plain HTTP stands in for it
              .with("aws:SecureTransport", "true");
      Decision d = PolicyEvaluator.evaluate(policies, withGlobals);
      if (!d.allowed()) {
        return Optional.of(
            new Denial(
                principal,
                r,
                d,
                AccessDenied.message(principal, r, d),
                policies.stream().map(Policy::name).toList(),
                mapped.mapped(),
                false));
      }
    }
    return Optional.empty();
  }

  /** The role session whose credentials signed the request; empty for an administrator. */
  public Optional<Principals.Session> session(WireRequest request) {
    String key = accessKeyId(request);
    return key == null ? Optional.empty() : principals.session(key);
  }

  /** The access key id of a SigV4-signed request, or null. */
  static String accessKeyId(WireRequest request) {
    String auth = request.header("Authorization");
    if (auth == null) {
      return null;
    }
    Matcher m = ACCESS_KEY.matcher(auth);
    return m.find() ? m.group(1) : null;
  }

  private void record(Denial d) {
    String verb = mode == IamMode.ENFORCE ? "denied" : "would deny";
    LOG.warning("IAM " + verb + ": " + d.message());
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("time", clock.instant().toString());
    line.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
    line.put("principal", d.principal());
    line.put("action", d.request().action());
    line.put("resource", d.request().resource());
    if (d.decision().outcome() == Decision.Outcome.EXPLICIT_DENY) {
      line.put("deniedBy", d.decision().policy() + " statement " + d.decision().statement());
    } else {
      line.put(
          "missing",
          "an Allow statement for "
              + d.request().action()
              + " on "
              + d.request().resource()
              + (d.resourcePolicy()
                  ? " in the resource's policy for " + d.principal()
                  : " in the role's policies"));
    }
    ArrayNode evaluated = line.putArray("policies");
    d.policies().forEach(evaluated::add);
    if (!d.mapped()) {
      line.put("mapped", false);
    }
    line.put("message", d.message());
    try {
      Files.createDirectories(denialLog.getParent());
      synchronized (this) {
        Files.writeString(
            denialLog,
            line + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      LOG.warning("cannot write " + denialLog + ": " + e.getMessage());
    }
  }

  /** The denials recorded so far, one JSON text per line (for {@code slipway logs}). */
  public static List<String> readDenials(Path denialLog) {
    try {
      return Files.isRegularFile(denialLog) ? Files.readAllLines(denialLog) : List.of();
    } catch (IOException e) {
      return new ArrayList<>();
    }
  }
}
