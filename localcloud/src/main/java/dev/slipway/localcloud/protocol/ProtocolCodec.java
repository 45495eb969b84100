package dev.slipway.localcloud.protocol;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** One wire protocol: request decoding, response encoding and its error shape. */
sealed interface ProtocolCodec permits AwsJsonCodec, QueryCodec, RestJsonCodec, CborCodec {
  /** Decodes, calls the operation and encodes; throws AwsServiceException for AWS errors. */
  WireResponse handle(ServiceDescriptor service, WireRequest request);

  /** Encodes an error as this protocol's clients expect it. */
  WireResponse error(ServiceDescriptor service, AwsServiceException e);
}
