package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.pipeline.model.FindingCounts;
import dev.slipway.pipeline.model.ImageRef;
import dev.slipway.pipeline.model.ScanThreshold;
import dev.slipway.pipeline.model.StepInput;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;
import software.amazon.awssdk.services.ecr.model.ScanStatus;

/**
 * "Verify image": resolves the SHA tag to its digest and checks ECR's scan findings against the
 * pipeline's threshold. From here on the image is referenced by digest.
 */
public final class VerifyImage extends StepHandler<ImageRef> {
  private static final Logger LOG = LoggerFactory.getLogger(VerifyImage.class);

  private final EcrClient ecr;
  private final Env env;

  /** Real clients, built once per container. */
  public VerifyImage() {
    this(AwsClients.ecr(), Env.system(), CancelRequests.from(AwsClients::dynamoDb, Env.system()));
  }

  VerifyImage(EcrClient ecr, Env env) {
    this(ecr, env, CancelRequests.NONE);
  }

  VerifyImage(EcrClient ecr, Env env, CancelRequests cancels) {
    super("VerifyImage", cancels);
    this.ecr = ecr;
    this.env = env;
  }

  @Override
  protected ImageRef handle(Step step, Context context) {
    StepInput input = step.input();
    String repository = env.required("ECR_REPOSITORY_NAME");
    String tag =
        input.state().build() != null && input.state().build().imageTag() != null
            ? input.state().build().imageTag()
            : input.state().push().sha();
    String digest = digestOf(repository, tag);
    DescribeImageScanFindingsResponse scan = completedScan(repository, digest);
    FindingCounts findings = counts(scan);
    ScanThreshold threshold = input.state().prepare().config().scan();
    if (findings.critical() > threshold.maxCritical() || findings.high() > threshold.maxHigh()) {
      throw new StepFailedException(
          "ECR image "
              + repository
              + "@"
              + digest
              + " has "
              + findings.critical()
              + " CRITICAL and "
              + findings.high()
              + " HIGH findings ("
              + String.join(", ", topFindings(scan))
              + "); pipeline config allows "
              + threshold.maxCritical()
              + " CRITICAL and "
              + threshold.maxHigh()
              + " HIGH. Fix them or raise scan.maxCritical / scan.maxHigh");
    }
    LOG.info("Image {}@{} verified: {}", repository, digest, findings);
    return new ImageRef(env.required("ECR_REPOSITORY_URI"), tag, digest, findings);
  }

  private String digestOf(String repository, String tag) {
    try {
      List<ImageDetail> details =
          ecr.describeImages(
                  r ->
                      r.repositoryName(repository)
                          .imageIds(ImageIdentifier.builder().imageTag(tag).build()))
              .imageDetails();
      if (details.isEmpty()) {
        throw notPushed(repository, tag);
      }
      return details.getFirst().imageDigest();
    } catch (ImageNotFoundException e) {
      throw notPushed(repository, tag);
    }
  }

  private static StepFailedException notPushed(String repository, String tag) {
    return new StepFailedException(
        "ECR repository "
            + repository
            + " has no image tagged "
            + tag
            + "; the build must push the image tagged with the full commit SHA");
  }

  private DescribeImageScanFindingsResponse completedScan(String repository, String digest) {
    DescribeImageScanFindingsResponse response;
    try {
      response =
          ecr.describeImageScanFindings(
              r -> r.repositoryName(repository).imageId(i -> i.imageDigest(digest)));
    } catch (ScanNotFoundException e) {
      // Fail safe: an unscanned image is not known to be clean.
      throw new StepFailedException(
          "ECR image "
              + repository
              + "@"
              + digest
              + " has no scan; enable scan on push for the repository");
    }
    ScanStatus status =
        response.imageScanStatus() == null ? null : response.imageScanStatus().status();
    if (status == ScanStatus.IN_PROGRESS || status == ScanStatus.PENDING) {
      throw new RetryableStepException(
          "ECR scan of " + repository + "@" + digest + " is " + status + "; retrying");
    }
    if (status == ScanStatus.FAILED) {
      throw new StepFailedException(
          "ECR scan of "
              + repository
              + "@"
              + digest
              + " FAILED: "
              + response.imageScanStatus().description());
    }
    return response;
  }

  private static FindingCounts counts(DescribeImageScanFindingsResponse response) {
    Map<String, Integer> counts =
        response.imageScanFindings() == null
            ? Map.of()
            : response.imageScanFindings().findingSeverityCountsAsStrings();
    return new FindingCounts(
        counts.getOrDefault("CRITICAL", 0),
        counts.getOrDefault("HIGH", 0),
        counts.getOrDefault("MEDIUM", 0),
        counts.getOrDefault("LOW", 0),
        counts.getOrDefault("INFORMATIONAL", 0),
        counts.getOrDefault("UNDEFINED", 0));
  }

  /** The names of up to five CRITICAL/HIGH findings, for the error message. */
  private static List<String> topFindings(DescribeImageScanFindingsResponse response) {
    if (response.imageScanFindings() == null) {
      return List.of();
    }
    return response.imageScanFindings().findings().stream()
        .filter(f -> "CRITICAL".equals(f.severityAsString()) || "HIGH".equals(f.severityAsString()))
        .map(f -> f.name() + " " + f.severityAsString())
        .limit(5)
        .toList();
  }
}
