package dev.slipway.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One handler as a Lambda function: Java 21, the shared handler jar, its own role that starts with
 * nothing but writing to its own log group (no managed policy), and its own log group.
 */
public final class HandlerFunction extends Construct {
  /** The alias a SnapStart handler is invoked through. */
  public static final String LIVE = "live";

  private final Function function;
  private final Role role;
  private final Alias live;

  public HandlerFunction(
      Construct scope,
      Handler handler,
      Code code,
      String service,
      Map<String, String> environment,
      RetentionDays logRetention) {
    super(scope, handler.className());
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .logGroupName(ResourceNames.functionLogGroup(service, handler))
            .retention(logRetention)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("Slipway " + service + " " + handler.className() + " handler")
            .build();
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            .resources(List.of(logs.getLogGroupArn()))
            .build());
    function =
        Function.Builder.create(this, "Function")
            .functionName(ResourceNames.function(service, handler))
            .description("Slipway " + service + ": " + handler.className())
            .runtime(Runtime.JAVA_21)
            .architecture(Architecture.X86_64)
            .handler(handler.handlerString())
            .code(code)
            .memorySize(handler.memoryMb())
            .timeout(Duration.seconds(handler.timeoutSeconds()))
            .role(role)
            .logGroup(logs)
            .environment(environment)
            .snapStart(handler.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
            .build();
    // SnapStart restores published versions only: a version per change of code or settings (the
    // current version), and the alias callers use follows it
    live =
        handler.snapStart()
            ? Alias.Builder.create(this, "Live")
                .aliasName(LIVE)
                .version(function.getCurrentVersion())
                .description("Slipway " + service + " " + handler.className() + ": what serves")
                .build()
            : null;
  }

  /** The {@value #LIVE} alias of a SnapStart handler (its published version); else null. */
  public Alias live() {
    return live;
  }

  /** The function. */
  public Function function() {
    return function;
  }

  /** The function's role, to grant what the handler uses. */
  public IGrantable grantee() {
    return role;
  }

  /** Adds one statement to the function's role. */
  public void allow(List<String> actions, List<String> resources) {
    role.addToPolicy(
        PolicyStatement.Builder.create().actions(actions).resources(resources).build());
  }
}
