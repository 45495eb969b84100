package dev.slipway.infra;

import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.InvokeMode;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Where GitHub delivers webhooks: a public Lambda function URL in front of ReceiveWebhook. The URL
 * needs no IAM auth (GitHub cannot sign AWS requests); ReceiveWebhook verifies GitHub's {@code
 * X-Hub-Signature-256} with the generated secret, which the operator copies into the GitHub webhook
 * settings.
 */
public final class WebhookIngress extends Construct {
  private final Secret secret;
  private FunctionUrl url;

  public WebhookIngress(Construct scope, String id, String service) {
    super(scope, id);
    secret =
        GeneratedSecret.create(
            this,
            "Secret",
            "GitHub webhook secret for Slipway " + service + " (paste it into GitHub)",
            40);
  }

  /**
   * Puts the public URL in front of the receiving function: its {@code live} alias when it has
   * SnapStart, so that webhooks reach the restored snapshot of the published version.
   */
  public void receiveWith(IFunction receiver) {
    url =
        receiver.addFunctionUrl(
            FunctionUrlOptions.builder()
                .authType(FunctionUrlAuthType.NONE)
                .invokeMode(InvokeMode.BUFFERED)
                .build());
  }

  /** The webhook signing secret. */
  public Secret secret() {
    return secret;
  }

  /** The URL to configure in GitHub. */
  public FunctionUrl url() {
    return url;
  }
}
