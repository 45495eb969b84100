package dev.slipway.localcloud.dynamodb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Applies a ProjectionExpression: keeps only the listed (possibly nested) paths. */
final class Projection {
  private Projection() {}

  static Map<String, AttributeValue> apply(List<Ast.Path> paths, Map<String, AttributeValue> item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (Ast.Path path : paths) {
      AttributeValue value = Paths.get(item, path);
      if (value == null) {
        continue;
      }
      if (path.elements().size() == 1) {
        out.put(path.top(), value);
      } else {
        // nested projections keep the enclosing structure, as DynamoDB returns them
        out.put(path.top(), item.get(path.top()));
      }
    }
    return out;
  }
}
