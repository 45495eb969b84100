package dev.slipway.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The pipeline's DynamoDB tables: the deployment history (kept), the per-service locks and pending
 * callbacks (TTL), and the webhook deliveries seen (TTL, for de-duplication). Keys as in
 * statemachines/CONTRACT.md.
 */
public final class DeploymentStore extends Construct {
  /** The TTL attribute of the locks and deliveries tables (epoch seconds). */
  public static final String TTL_ATTRIBUTE = "expiresAt";

  private final Table deployments;
  private final Table locks;
  private final Table deliveries;

  public DeploymentStore(Construct scope, String id) {
    super(scope, id);
    deployments = table("Deployments", "pk", "sk", null, RemovalPolicy.RETAIN);
    locks = table("Locks", "id", null, TTL_ATTRIBUTE, RemovalPolicy.DESTROY);
    deliveries = table("Deliveries", "id", null, TTL_ATTRIBUTE, RemovalPolicy.DESTROY);
  }

  private Table table(
      String id, String partitionKey, String sortKey, String ttl, RemovalPolicy removal) {
    var builder =
        Table.Builder.create(this, id)
            .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .encryption(TableEncryption.AWS_MANAGED)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .removalPolicy(removal);
    if (sortKey != null) {
      builder.sortKey(Attribute.builder().name(sortKey).type(AttributeType.STRING).build());
    }
    if (ttl != null) {
      builder.timeToLiveAttribute(ttl);
    }
    return builder.build();
  }

  /** Deployment history: one item per deployment or rollback, never expires. */
  public Table deployments() {
    return deployments;
  }

  /** Per-service deploy locks and pending deployment callbacks. */
  public Table locks() {
    return locks;
  }

  /** GitHub delivery ids seen (de-duplication) and used approval links (single use). */
  public Table deliveries() {
    return deliveries;
  }
}
