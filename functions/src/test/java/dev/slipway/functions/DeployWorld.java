package dev.slipway.functions;

import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.Strategy;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The AWS side of one service as the CDK app creates it: per environment a blue and a green ECS
 * service on a bootstrap revision, a production rule weighted blue 100 / green 0.
 */
final class DeployWorld {
  static final Instant NOW = Instant.parse("2026-11-25T17:02:00Z");
  static final String OLD_SHA = "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b";
  static final String OLD_IMAGE =
      Steps.REPOSITORY_URI
          + "@sha256:1111111111111111111111111111111111111111111111111111111111111111";
  static final String PROD_RULE =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/hello-production/8e4497da625e2d8a/9ab28ade35828f96/1a2b3c4d5e6f7a8b";
  static final String PROD_TEST_LISTENER =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/hello-production/8e4497da625e2d8a/3c2d1e0f9a8b7c6d";
  static final String PROD_TEST_RULE =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/hello-production/8e4497da625e2d8a/3c2d1e0f9a8b7c6d/5e6f7a8b9c0d1e2f";
  static final String PROD_BLUE_TG =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/hello-production-blue/943f017f100becff";
  static final String PROD_GREEN_TG =
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/hello-production-green/e2f1d0c9b8a79685";

  final FakeEcs ecs = new FakeEcs();
  final FakeElb elb = new FakeElb();
  final FakeDynamo dynamo = new FakeDynamo();
  final FakeSfn sfn = new FakeSfn();
  final Env env = new Env(Steps.env());
  final InstantSource clock = InstantSource.fixed(NOW);
  String oldProductionRevision;

  /** Nothing deployed yet: bootstrap revisions, services at zero tasks. */
  DeployWorld() {
    for (String environment : new String[] {"staging", "production"}) {
      String bootstrap =
          ecs.bootstrap("hello-" + environment, "public.ecr.aws/nginx/nginx:stable", null);
      ecs.service("hello-" + environment + "-blue", bootstrap, 0);
      ecs.service("hello-" + environment + "-green", bootstrap, 0);
    }
    elb.weights(PROD_RULE, PROD_BLUE_TG, 100, PROD_GREEN_TG, 0);
    // the test listener answers 404 by default; its header-gated rule forwards to green
    elb.listeners.put(
        PROD_TEST_LISTENER,
        List.of(
            software.amazon.awssdk.services.elasticloadbalancingv2.model.Action.builder()
                .type(
                    software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum
                        .FIXED_RESPONSE)
                .build()));
    elb.forwardRule(PROD_TEST_LISTENER, PROD_TEST_RULE, "10", PROD_GREEN_TG);
  }

  /** Production already serves {@link #OLD_SHA} from blue, recorded as last-known-good. */
  DeployWorld withProductionServing() {
    oldProductionRevision = ecs.bootstrap("hello-production", OLD_IMAGE, OLD_SHA);
    ecs.service("hello-production-blue", oldProductionRevision, 2);
    new DeploymentHistory(dynamo, "deployments")
        .record(
            new DeploymentRecord(
                "hello",
                "production",
                OLD_SHA,
                "sha256:1111111111111111111111111111111111111111111111111111111111111111",
                oldProductionRevision,
                Strategy.CANARY,
                DeploymentKind.DEPLOY,
                DeploymentOutcome.SUCCEEDED,
                NOW.minusSeconds(86_400),
                NOW.minusSeconds(86_000),
                NOW.minusSeconds(90_000),
                "hello-0a1b2c3-older",
                null));
    return this;
  }

  DeployService deployService() {
    return new DeployService(ecs, elb, dynamo, sfn, env, clock);
  }

  OnDeploymentStateChange onDeploymentStateChange() {
    return new OnDeploymentStateChange(dynamo, sfn, ecs, env, clock);
  }

  Rollback rollback() {
    return new Rollback(ecs, elb, dynamo, sfn, env, clock);
  }

  ShiftTraffic shiftTraffic() {
    return new ShiftTraffic(elb, ecs, env, clock);
  }

  Map<String, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> locks() {
    return dynamo.table("locks");
  }
}
