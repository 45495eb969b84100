package dev.slipway.localcloud.stepfunctions.asl.model;

import java.util.List;
import java.util.Map;

/**
 * Fields every state may carry. Path fields use {@link #DEFAULT_PATH} when absent and {@code null}
 * when the definition sets them to JSON null (ASL gives explicit null a meaning of its own).
 *
 * @param raw the state's JSON object as written, for fields a state type reads itself
 */
public record StateCommon(
    String name,
    String type,
    QueryLanguage queryLanguage,
    String next,
    boolean end,
    String inputPath,
    String outputPath,
    String resultPath,
    Object parameters,
    Object resultSelector,
    Object arguments,
    Object output,
    Map<String, Object> assign,
    List<Retrier> retry,
    List<Catcher> catchers,
    Map<String, Object> raw) {
  /** The value of an absent InputPath/OutputPath/ResultPath. */
  public static final String DEFAULT_PATH = "$";

  /** True when this state evaluates JSONata. */
  public boolean jsonata() {
    return queryLanguage == QueryLanguage.JSONATA;
  }
}
