package dev.slipway.localcloud.protocol;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.RequiredTrait;

/** The protocol layer's own request errors: malformed bodies and missing required members. */
final class ShapeErrors {
  private ShapeErrors() {}

  /** A body that cannot be decoded (AWS: {@code SerializationException}, 400). */
  static AwsServiceException serialization(String message) {
    return AwsErrors.generic(400, "SerializationException", message);
  }

  /**
   * Checks the SDK's {@code @required} members, reporting them the way AWS's validators do: {@code
   * 1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must
   * not be null}.
   */
  static void checkRequired(SdkPojo pojo, String validationCode) {
    List<String> missing = new ArrayList<>();
    collectMissing(pojo, "", missing);
    if (missing.isEmpty()) {
      return;
    }
    StringBuilder message =
        new StringBuilder()
            .append(missing.size())
            .append(" validation error")
            .append(missing.size() == 1 ? "" : "s")
            .append(" detected: ");
    for (int i = 0; i < missing.size(); i++) {
      message
          .append(i == 0 ? "" : "; ")
          .append("Value null at '")
          .append(missing.get(i))
          .append("' failed to satisfy constraint: Member must not be null");
    }
    throw AwsErrors.generic(400, validationCode, message.toString());
  }

  private static void collectMissing(SdkPojo pojo, String prefix, List<String> missing) {
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      String name = prefix + lowerFirst(field.memberName());
      if (value == null) {
        if (field.containsTrait(RequiredTrait.class)) {
          missing.add(name);
        }
      } else if (field.marshallingType() == MarshallingType.SDK_POJO
          && value instanceof SdkPojo p) {
        collectMissing(p, name + ".", missing);
      }
    }
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
