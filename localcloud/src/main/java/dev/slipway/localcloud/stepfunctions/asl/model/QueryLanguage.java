package dev.slipway.localcloud.stepfunctions.asl.model;

/** The two ASL query languages. */
public enum QueryLanguage {
  JSONPATH,
  JSONATA;

  /** Parses the ASL spelling ("JSONPath" / "JSONata"). */
  public static QueryLanguage of(String s) {
    return switch (s) {
      case "JSONPath" -> JSONPATH;
      case "JSONata" -> JSONATA;
      default -> throw new IllegalArgumentException(s);
    };
  }
}
