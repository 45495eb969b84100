package dev.slipway.functions;

import java.util.List;

/**
 * The CodeBuild calls the pipeline makes. An interface of our own because the SDK's CodeBuild
 * client is not available to this build; {@link SignedCodeBuildApi} speaks the AWS JSON 1.1 wire
 * protocol directly.
 */
public interface CodeBuildApi {

  /** One environment variable override for the build. */
  record EnvironmentVariable(String name, String value) {}

  /**
   * Starts a build of {@code sourceVersion} and returns its build id. The same {@code
   * idempotencyToken} within five minutes returns the same build instead of a second one.
   */
  String startBuild(
      String projectName,
      String sourceVersion,
      List<EnvironmentVariable> environment,
      String idempotencyToken);

  /**
   * The build started for {@code execution} (its {@code SLIPWAY_EXECUTION} variable), among the
   * project's most recent builds; empty if there is none.
   */
  java.util.Optional<Build> findBuild(String projectName, String execution);

  /** StopBuild: stops a build in progress; CodeBuild then reports it STOPPED. */
  void stopBuild(String buildId);

  /**
   * CodeBuild at {@code endpoint} (local mode's, or {@code
   * https://codebuild.<region>.amazonaws.com}), its requests signed with {@code credentials}.
   */
  static CodeBuildApi at(
      software.amazon.awssdk.http.SdkHttpClient http,
      software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials,
      java.net.URI endpoint,
      String region) {
    return new SignedCodeBuildApi(http, credentials, endpoint, region);
  }

  /** A build as {@code BatchGetBuilds} describes it. */
  record Build(
      String id,
      String status,
      String logsUrl,
      java.time.Instant startedAt,
      java.time.Instant finishedAt,
      String imageTag) {}

  /** Thrown when CodeBuild answers with an error. */
  final class CodeBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final int status;

    /** An error answer from CodeBuild. */
    public CodeBuildException(String errorCode, int status, String message) {
      super("CodeBuild " + errorCode + " (HTTP " + status + "): " + message);
      this.errorCode = errorCode;
      this.status = status;
    }

    /** The AWS error code, e.g. {@code ResourceNotFoundException}. */
    public String errorCode() {
      return errorCode;
    }

    /** The HTTP status. */
    public int status() {
      return status;
    }
  }
}
