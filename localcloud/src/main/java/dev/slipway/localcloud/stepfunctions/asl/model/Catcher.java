package dev.slipway.localcloud.stepfunctions.asl.model;

import java.util.List;
import java.util.Map;

/** One Catch entry; {@code resultPath} follows {@link StateCommon}'s path conventions. */
public record Catcher(
    List<String> errorEquals,
    String next,
    String resultPath,
    Object output,
    Map<String, Object> assign) {}
