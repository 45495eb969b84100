package dev.slipway.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Small readers over the synthesized template's JSON, for assertions the matchers cannot say. */
final class TemplateAssertions {
  private TemplateAssertions() {}

  /** Every resource of a type: logical id → properties. */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> properties(Template template, String type) {
    var out = new java.util.LinkedHashMap<String, Map<String, Object>>();
    template
        .findResources(type)
        .forEach((id, resource) -> out.put(id, (Map<String, Object>) resource.get("Properties")));
    return out;
  }

  /** One policy statement: its actions and resources as lists, whatever the JSON shape. */
  record Statement(String policy, List<String> actions, List<Object> resources, Object condition) {}

  /** Every statement of every IAM policy in the template. */
  @SuppressWarnings("unchecked")
  static List<Statement> statements(Template template) {
    var out = new ArrayList<Statement>();
    properties(template, "AWS::IAM::Policy")
        .forEach(
            (id, props) -> {
              var doc = (Map<String, Object>) props.get("PolicyDocument");
              for (Object s : (List<Object>) doc.get("Statement")) {
                var st = (Map<String, Object>) s;
                out.add(
                    new Statement(
                        id,
                        list(st.get("Action")).stream().map(String::valueOf).toList(),
                        list(st.get("Resource")),
                        st.get("Condition")));
              }
            });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> l ? (List<Object>) l : List.of(value);
  }

  /** The logical id of the only resource of {@code type} whose id starts with {@code prefix}. */
  static String logicalId(Template template, String type, String prefix) {
    var ids =
        template.findResources(type).keySet().stream().filter(id -> id.startsWith(prefix)).toList();
    if (ids.size() != 1) {
      throw new AssertionError("expected one " + type + " named " + prefix + "*, found " + ids);
    }
    return ids.getFirst();
  }
}
