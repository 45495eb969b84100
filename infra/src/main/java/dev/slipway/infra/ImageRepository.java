package dev.slipway.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.CfnRepository;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.constructs.Construct;

/**
 * The service's ECR repository: tags are immutable (a tag is a full git SHA and always means the
 * same image), every push is scanned, old images expire. {@code cdk destroy} keeps it with its
 * images; a later stack of the same service uses it as it is ({@code
 * infra.existingImageRepository}), since CloudFormation cannot create a second one of that name.
 */
public final class ImageRepository extends Construct {
  /** How many SHA-tagged images are kept; rollbacks can go back this far. */
  public static final int IMAGES_KEPT = 100;

  private final IRepository repository;

  public ImageRepository(Construct scope, String id, String service, boolean existing) {
    super(scope, id);
    if (existing) {
      repository =
          Repository.fromRepositoryName(this, "Repository", ResourceNames.imageRepository(service));
      return;
    }
    repository =
        Repository.Builder.create(this, "Repository")
            .repositoryName(ResourceNames.imageRepository(service))
            .imageTagMutability(TagMutability.IMMUTABLE)
            .imageScanOnPush(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .rulePriority(1)
                        .description("untagged layers of failed pushes")
                        .tagStatus(TagStatus.UNTAGGED)
                        .maxImageAge(Duration.days(7))
                        .build(),
                    LifecycleRule.builder()
                        .rulePriority(2)
                        .description("keep the newest " + IMAGES_KEPT + " images for rollbacks")
                        .tagStatus(TagStatus.ANY)
                        .maxImageCount(IMAGES_KEPT)
                        .build()))
            .build();
  }

  /** The repository. */
  public IRepository repository() {
    return repository;
  }

  /**
   * The repository URI as {@code Fn::GetAtt [repository, RepositoryUri]}: on AWS the same value as
   * CDK's {@code getRepositoryUri()} (which joins account, region and suffix from the ARN), and the
   * attribute local mode answers with its own registry's address.
   */
  public static String uri(IRepository repository) {
    if (repository.getNode().getDefaultChild() instanceof CfnRepository created) {
      return created.getAttrRepositoryUri();
    }
    return repository.getRepositoryUri();
  }
}
