package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.ApprovalResult;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Notify (including APPROVAL_NEEDED links) and Approve. */
class ApprovalFlowTest {
  private static final String APPROVAL_KEY_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:approval";
  private static final String SLACK_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack";
  private static final String SLACK_URL =
      "https://hooks.slack.example/services/T000/B000/XXXXSECRET";

  private final FakeSns sns = new FakeSns();
  private final FakeDynamo dynamo = new FakeDynamo();
  private final FakeSfn sfn = new FakeSfn();
  private final FakeSecrets secrets =
      new FakeSecrets()
          .with(APPROVAL_KEY_ARN, "k3y-0f-at-least-16-bytes!")
          .with(SLACK_ARN, SLACK_URL);
  private final List<String> slackPosts = new ArrayList<>();
  private Instant now = Instant.parse("2026-11-25T17:10:00Z");
  private final Env env =
      new Env(
          Steps.env(
              "NOTIFY_TOPIC_ARN",
              "arn:aws:sns:eu-west-1:123456789012:slipway-hello",
              "SLACK_WEBHOOK_SECRET_ARN",
              SLACK_ARN,
              "APPROVAL_SECRET_ARN",
              APPROVAL_KEY_ARN,
              "APPROVAL_BASE_URL",
              "https://approve.lambda-url.eu-west-1.on.aws/"));

  private Notify notify(int slackStatus) {
    return new Notify(
        sns,
        secrets,
        dynamo,
        (url, json) -> {
          slackPosts.add(url + " " + json);
          return slackStatus;
        },
        env,
        () -> now);
  }

  private Approve approve() {
    InstantSource clock = () -> now;
    return new Approve(dynamo, secrets, sfn, env, clock);
  }

  private static ObjectNode failedState() {
    ObjectNode state = Steps.state();
    state
        .putObject("failure")
        .put("Error", "Slipway.BuildFailed")
        .put("Cause", "Build slipway-hello:b1 FAILED in phase BUILD");
    return state;
  }

  @Test
  void failureNotificationGoesToTheTopicAndSlack() {
    var result = Steps.invoke(notify(200), Steps.payload(failedState(), "notification", "FAILED"));

    assertThat(result.path("sent").asBoolean()).isTrue();
    assertThat(result.path("slack").asText()).isEqualTo("sent");
    var message = sns.published.getFirst();
    assertThat(message.subject()).isEqualTo("[slipway] hello 9f1c2d3 failed");
    assertThat(message.message())
        .contains("FAILED in phase BUILD")
        .contains(Steps.SHA)
        .contains("Greet in Portuguese too");
    assertThat(message.messageAttributes().get("severity").stringValue()).isEqualTo("error");
    assertThat(slackPosts).singleElement().asString().startsWith(SLACK_URL).contains("failed");
  }

  @Test
  void slackFailureIsReportedNotThrownAndTheUrlIsNotLeaked() {
    var result = Steps.invoke(notify(500), Steps.payload(failedState(), "notification", "FAILED"));

    assertThat(result.path("sent").asBoolean()).isTrue();
    assertThat(result.path("slack").asText()).isEqualTo("failed: HTTP 500");
    assertThat(result.toString()).doesNotContain("XXXXSECRET");
  }

  @Test
  void successNotificationCanBeTurnedOff() {
    ObjectNode state = Steps.state();
    ((ObjectNode) state.path("prepare").path("config").path("notifications"))
        .put("onSuccess", false);

    var result = Steps.invoke(notify(200), Steps.payload(state, "notification", "DEPLOYED"));

    assertThat(result.path("sent").asBoolean()).isFalse();
    assertThat(sns.published).isEmpty();
  }

  private String approvalLink(boolean approve) {
    Steps.invoke(
        notify(200),
        Steps.payload(Steps.state(), "notification", "APPROVAL_NEEDED", "taskToken", Steps.TOKEN));
    return link(approve);
  }

  /** A link of a canary step paused for a person (inconclusiveCanary: pause) at 25 %. */
  private String pausedCanaryLink(boolean approve) {
    Steps.invoke(
        notify(200),
        Steps.payload(
            Steps.state(),
            "notification",
            "CANARY_PAUSED",
            "taskToken",
            Steps.TOKEN,
            "trafficPercent",
            25));
    String text = sns.published.getLast().message();
    String prefix =
        approve
            ? "Approve to pass this step and go on with the canary: "
            : "Reject to roll production back: ";
    int at = text.indexOf(prefix) + prefix.length();
    return text.substring(at, text.indexOf('\n', at));
  }

  private String link(boolean approve) {
    String text = sns.published.getLast().message();
    String prefix = approve ? "Approve: " : "Reject: ";
    int at = text.indexOf(prefix) + prefix.length();
    return text.substring(at, text.indexOf('\n', at));
  }

  private static APIGatewayV2HTTPEvent get(String link) {
    APIGatewayV2HTTPEvent request =
        EventLoader.loadApiGatewayHttpEvent("events/function-url-approve.json");
    String token =
        URLDecoder.decode(link.substring(link.indexOf("?t=") + 3), StandardCharsets.UTF_8);
    request.setQueryStringParameters(Map.of("t", token));
    request.setRawQueryString("t=" + token);
    return request;
  }

  private static APIGatewayV2HTTPEvent post(String link) {
    APIGatewayV2HTTPEvent request = get(link);
    request.getRequestContext().getHttp().setMethod("POST");
    request.setBody(
        "t="
            + URLEncoder.encode(
                request.getQueryStringParameters().get("t"), StandardCharsets.UTF_8));
    request.setQueryStringParameters(null);
    return request;
  }

  private APIGatewayV2HTTPResponse open(APIGatewayV2HTTPEvent request) {
    return approve().handleRequest(request, new FakeContext("slipway-approve"));
  }

  @Test
  void approvalLinkShowsAConfirmationAndOnlyThePostApproves() {
    String link = approvalLink(true);
    assertThat(sns.published.getLast().subject()).contains("approve hello 9f1c2d3");

    var page = open(get(link));
    assertThat(page.getStatusCode()).isEqualTo(200);
    assertThat(page.getBody()).contains("<form method=post>");
    assertThat(sfn.sent).isEmpty();

    var done = open(post(link));
    assertThat(done.getStatusCode()).isEqualTo(200);
    var sent = sfn.sent.getFirst();
    assertThat(sent.token()).isEqualTo(Steps.TOKEN);
    var result = Steps.as(Steps.json(sent.output()), ApprovalResult.class);
    assertThat(result.approved()).isTrue();
    assertThat(result.sha()).isEqualTo(Steps.SHA);
    assertThat(result.approver()).contains("203.0.113.7");
  }

  @Test
  void aPausedCanarysPagesSayTheCanaryGoesOnOrIsRolledBackNotThatProductionIsDeployed() {
    String approve = pausedCanaryLink(true);
    var confirm = open(get(approve));
    assertThat(confirm.getBody())
        .contains("hello 9f1c2d3: its canary paused at 25 %")
        .doesNotContain("→ production");
    var done = open(post(approve));
    assertThat(done.getBody())
        .contains("the canary goes on to its next step")
        .doesNotContain("is being deployed");
  }

  @Test
  void aRejectedPausedCanaryIsSaidToRollBack() {
    var rejected = open(post(pausedCanaryLink(false)));
    assertThat(rejected.getBody()).contains("the canary is rolled back");
    assertThat(sfn.sent.getLast().success()).isFalse();
  }

  @Test
  void anApprovalsPagesSpeakOfTheProductionDeploy() {
    var confirm = open(get(approvalLink(true)));
    assertThat(confirm.getBody()).contains("hello 9f1c2d3 → production");
    assertThat(open(post(approvalLink(false))).getBody()).contains("will not be deployed");
  }

  @Test
  void linksAreSingleUse() {
    String link = approvalLink(true);
    open(post(link));

    var again = open(post(link));

    assertThat(again.getStatusCode()).isEqualTo(410);
    assertThat(sfn.sent).hasSize(1);
  }

  @Test
  void rejectLinkFailsTheWaitingState() {
    open(post(approvalLink(false)));

    var sent = sfn.sent.getFirst();
    assertThat(sent.success()).isFalse();
    assertThat(sent.error()).isEqualTo("Slipway.ApprovalRejected");
  }

  @Test
  void tamperedOrExpiredLinksAreRefused() {
    String link = approvalLink(true);
    String tampered = link.substring(0, link.length() - 2) + (link.endsWith("A") ? "BB" : "AA");
    assertThat(open(post(tampered)).getStatusCode()).isEqualTo(403);

    now = now.plusSeconds(25 * 3600);
    assertThat(open(post(link)).getStatusCode()).isEqualTo(410);
    assertThat(sfn.sent).isEmpty();
  }

  @Test
  void aNewerRequestWithdrawsTheOlderLink() {
    String old = approvalLink(true);
    approvalLink(true);

    assertThat(open(post(old)).getStatusCode()).isEqualTo(410);
    assertThat(sfn.sent).isEmpty();
  }
}
