package dev.slipway.functions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.FindingSeverity;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageScanFinding;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;
import software.amazon.awssdk.services.ecr.model.ScanStatus;

/** One repository: tags to digests, and a scan per digest. */
final class FakeEcr implements EcrClient {
  final Map<String, String> tags = new HashMap<>();
  final Map<String, DescribeImageScanFindingsResponse> scans = new HashMap<>();

  @Override
  public String serviceName() {
    return "ecr";
  }

  @Override
  public void close() {}

  void scan(
      String digest,
      ScanStatus status,
      Map<FindingSeverity, Integer> counts,
      List<ImageScanFinding> findings) {
    scans.put(
        digest,
        DescribeImageScanFindingsResponse.builder()
            .imageScanStatus(s -> s.status(status).description("scan " + status))
            .imageScanFindings(f -> f.findingSeverityCounts(counts).findings(findings))
            .build());
  }

  @Override
  public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
    String tag = request.imageIds().getFirst().imageTag();
    String digest = tags.get(tag);
    if (digest == null) {
      throw ImageNotFoundException.builder()
          .message("The image with imageId {imageTag:'" + tag + "'} does not exist")
          .build();
    }
    return DescribeImagesResponse.builder()
        .imageDetails(ImageDetail.builder().imageDigest(digest).imageTags(tag).build())
        .build();
  }

  @Override
  public DescribeImageScanFindingsResponse describeImageScanFindings(
      DescribeImageScanFindingsRequest request) {
    var scan = scans.get(request.imageId().imageDigest());
    if (scan == null) {
      throw ScanNotFoundException.builder().message("no scan").build();
    }
    return scan;
  }
}
