package dev.slipway.localcloud.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs every case of ../shared/conformance/asl/index.json (outputs and errors recorded from AWS
 * Step Functions) through the interpreter and prints the pass rate per feature. The 18 cases with
 * masked snapshot values compare masked strings loosely.
 */
class AslConformanceTest {
  /** Raise when the engine improves; the build fails if conformance falls below it. */
  static final double MINIMUM_PASS_RATE = 1.0;

  private static final Pattern MASK =
      Pattern.compile("<[A-Za-z_0-9:-]+>|arn:<partition>|\\b111111111111\\b");

  @Test
  void conformanceCasesMatchRecordedAwsResults() throws Exception {
    Path index = conformanceIndex();
    List<Object> cases = Json.asArray(Json.parse(Files.readString(index)));
    Map<String, int[]> perFeature = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Object o : cases) {
      Map<String, Object> c = Json.asObject(o);
      String feature = (String) c.get("feature");
      int[] counts = perFeature.computeIfAbsent(feature, f -> new int[2]);
      counts[1]++;
      String problem = check(c);
      if (problem == null) {
        counts[0]++;
      } else {
        failures.add(c.get("id") + ": " + problem);
      }
    }
    int passed = 0;
    System.out.println("ASL conformance (" + index + "):");
    for (Map.Entry<String, int[]> e : perFeature.entrySet()) {
      int[] n = e.getValue();
      passed += n[0];
      System.out.printf(
          "  %-20s %4d / %4d  %5.1f%%%n", e.getKey(), n[0], n[1], 100.0 * n[0] / n[1]);
    }
    System.out.printf(
        "  %-20s %4d / %4d  %5.1f%%%n",
        "TOTAL", passed, cases.size(), 100.0 * passed / cases.size());
    failures.stream().limit(80).forEach(f -> System.out.println("  FAIL " + f));
    assertThat(cases).hasSize(853);
    assertThat((double) passed / cases.size()).isGreaterThanOrEqualTo(MINIMUM_PASS_RATE);
  }

  /**
   * ../shared/conformance seen from the project root; a git worktree sits deeper than the main
   * checkout, so the nearest ancestor holding shared/conformance is used.
   */
  static Path conformanceIndex() {
    Path root = Path.of(System.getProperty("slipway.root")).toAbsolutePath().normalize();
    for (Path p = root; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/conformance/asl/index.json");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no shared/conformance/asl/index.json above " + root);
  }

  private static String check(Map<String, Object> c) {
    boolean loose = Boolean.TRUE.equals(c.get("has_snapshot_placeholders"));
    ExecutionResult r;
    try {
      r = new AslHarness().run(c.get("definition"), c.get("input"));
    } catch (RuntimeException e) {
      return "engine threw " + e + " at " + List.of(e.getStackTrace()).subList(0, 4);
    }
    if (c.containsKey("expected_output")) {
      if (!r.status().equals("SUCCEEDED")) {
        return "expected success, got " + r.status() + " " + r.error() + ": " + r.cause();
      }
      Object expected = c.get("expected_output");
      return matches(expected, r.output(), loose)
          ? null
          : "output " + Json.write(r.output()) + " != expected " + Json.write(expected);
    }
    if (!r.status().equals("FAILED")) {
      return "expected failure, got " + r.status() + " " + Json.write(r.output());
    }
    String error = (String) c.get("expected_error");
    String cause = (String) c.get("expected_cause");
    if (!textMatches(error, r.error(), loose)) {
      return "error '" + r.error() + "' != expected '" + error + "'";
    }
    if (!textMatches(cause, r.cause(), loose)) {
      return "cause '" + r.cause() + "' != expected '" + cause + "'";
    }
    return null;
  }

  private static boolean textMatches(String expected, String actual, boolean loose) {
    String e = expected == null ? "" : expected;
    String a = actual == null ? "" : actual;
    if (e.equals(a)) {
      return true;
    }
    if (!loose) {
      return false;
    }
    String[] parts = MASK.split(e, -1);
    StringBuilder re = new StringBuilder("(?s)");
    for (int i = 0; i < parts.length; i++) {
      re.append(Pattern.quote(parts[i]));
      if (i < parts.length - 1) {
        re.append(".*");
      }
    }
    return a.matches(re.toString());
  }

  private static boolean matches(Object expected, Object actual, boolean loose) {
    if (loose && expected instanceof String s) {
      if (List.of(
              "date",
              "start-time",
              "entered-time",
              "RandomNumberGenerated",
              "generated-uuid",
              "snf_role_arn")
          .contains(s)) {
        return actual != null;
      }
      if (actual instanceof String a) {
        return textMatches(s, a, true);
      }
    }
    if (loose && expected instanceof Map<?, ?> em && actual instanceof Map<?, ?> am) {
      if (!em.keySet().equals(am.keySet())) {
        return false;
      }
      return em.keySet().stream().allMatch(k -> matches(em.get(k), am.get(k), true));
    }
    if (loose && expected instanceof List<?> el && actual instanceof List<?> al) {
      if (el.size() != al.size()) {
        return false;
      }
      for (int i = 0; i < el.size(); i++) {
        if (!matches(el.get(i), al.get(i), true)) {
          return false;
        }
      }
      return true;
    }
    return Json.equal(expected, actual);
  }
}
