/**
 * Local mode's Amazon ECR over the local registry.
 *
 * <p>Operations: CreateRepository (how the template's repositories are deployed),
 * DescribeRepositories, ListImages, DescribeImages, BatchGetImage, GetAuthorizationToken,
 * DescribeImageScanFindings. Repository URIs are {@code 127.0.0.1:<port>/<name>}; the port is a
 * pass-through in front of the registry ({@code RegistryFront}) that refuses pushes to unknown
 * repositories ({@code NAME_UNKNOWN}) and moving a tag of an IMMUTABLE repository ({@code
 * TAG_INVALID}, AWS's message), and records push times.
 *
 * <p>Differences from AWS: no real vulnerability scanner runs (Trivy, Grype and Clair need a
 * vulnerability database from the internet, which this machine cannot reach); scan findings come
 * from the JSON file described in {@link dev.slipway.localcloud.ecr.ScanFindingsFile}, which tests
 * write. A repository with {@code scanOnPush} and no entry in that file reports a COMPLETE scan
 * with no findings. The registry accepts any credentials; the authorization token is well-formed
 * ({@code base64("AWS:<password>")}) so {@code docker login} works. Lifecycle policies, replication
 * and pull-through caches are not implemented.
 */
package dev.slipway.localcloud.ecr;
