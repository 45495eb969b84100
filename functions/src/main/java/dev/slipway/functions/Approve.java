package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.slipway.pipeline.ApprovalToken;
import dev.slipway.pipeline.model.ApprovalResult;
import dev.slipway.pipeline.model.PipelineJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The approval link endpoint (a Lambda function URL). GET shows what is being approved and a
 * button; only the POST it sends acts, so mail and chat link previews cannot approve by fetching
 * the URL. A valid, unexpired, unused link resumes "Wait for approval" with an {@link
 * ApprovalResult}, or fails it with {@code Slipway.ApprovalRejected}.
 */
public final class Approve
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(Approve.class);
  static final String REJECTED = "Slipway.ApprovalRejected";

  private final Approvals approvals;
  private final TaskTokens tokens;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public Approve() {
    this(
        AwsClients.dynamoDb(),
        AwsClients.secrets(),
        AwsClients.sfn(),
        Env.system(),
        InstantSource.system());
  }

  Approve(
      DynamoDbClient dynamo,
      SecretsManagerClient secretsManager,
      SfnClient sfn,
      Env env,
      InstantSource clock) {
    this.approvals = new Approvals(dynamo, new Secrets(secretsManager), env, clock);
    this.tokens = new TaskTokens(sfn);
    this.clock = clock;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent request, Context context) {
    return Telemetry.invocation(context, "Approve", null, () -> answer(request));
  }

  private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent request) {
    boolean post = "POST".equalsIgnoreCase(HttpExchange.method(request));
    String token = post ? formField(request, "t") : query(request, "t");
    ApprovalToken.Claim c;
    switch (approvals.verify(token)) {
      case ApprovalToken.Verification.Valid valid -> c = valid.claim();
      case ApprovalToken.Verification.Invalid invalid -> {
        LOG.warn("Refused approval link: {}", invalid.reason());
        return page(
            invalid.reason() == ApprovalToken.Reason.EXPIRED ? 410 : 403,
            "This approval link cannot be used",
            invalid.message());
      }
    }
    var pending = approvals.pending(c.service()).filter(p -> p.nonce().equals(c.nonce()));
    if (pending.isEmpty()) {
      return page(
          410,
          "Already answered or withdrawn",
          "A newer push or an earlier answer closed this approval of "
              + c.service()
              + " "
              + c.sha().substring(0, 7)
              + ".");
    }
    String what = pending.get().describe(c.service());
    if (!post) {
      return confirm(token, c.approve(), what);
    }
    if (!approvals.consume(c.service(), c.nonce())) {
      return page(410, "Already answered", "Someone answered this approval of " + what + " first.");
    }
    String approver = "approval link from " + sourceIp(request);
    boolean delivered =
        c.approve()
            ? tokens.succeed(
                pending.get().taskToken(),
                json(new ApprovalResult(true, c.sha(), approver, null, clock.instant())))
            : tokens.fail(
                pending.get().taskToken(),
                REJECTED,
                "Deploy of " + what + " rejected by " + approver);
    LOG.info(
        "{} {} ({}); delivered: {}",
        c.approve() ? "Approved" : "Rejected",
        what,
        c.execution(),
        delivered);
    if (!delivered) {
      return page(
          410, "The pipeline no longer waits", "The approval of " + what + " had timed out.");
    }
    return page(
        200, c.approve() ? "Approved" : "Rejected", what + pending.get().outcome(c.approve()));
  }

  private static APIGatewayV2HTTPResponse confirm(String token, boolean approve, String what) {
    String verb = approve ? "Approve" : "Reject";
    return HttpExchange.html(
        200,
        "<!doctype html><title>Slipway: "
            + verb
            + "</title><h1>"
            + escape(verb + " " + what + "?")
            + "</h1><form method=post><input type=hidden name=t value=\""
            + escape(token)
            + "\"><button>"
            + verb
            + "</button></form>");
  }

  private static APIGatewayV2HTTPResponse page(int status, String title, String text) {
    return HttpExchange.html(
        status,
        "<!doctype html><title>Slipway</title><h1>" + escape(title) + "</h1><p>" + escape(text));
  }

  private static String query(APIGatewayV2HTTPEvent request, String name) {
    Map<String, String> parameters = request.getQueryStringParameters();
    return parameters == null ? null : parameters.get(name);
  }

  private static String formField(APIGatewayV2HTTPEvent request, String name) {
    String body = new String(HttpExchange.body(request), StandardCharsets.UTF_8);
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String sourceIp(APIGatewayV2HTTPEvent request) {
    var context = request.getRequestContext();
    return context == null || context.getHttp() == null
        ? "unknown"
        : context.getHttp().getSourceIp();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String json(Object value) {
    try {
      return PipelineJson.mapper().writeValueAsString(value);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
