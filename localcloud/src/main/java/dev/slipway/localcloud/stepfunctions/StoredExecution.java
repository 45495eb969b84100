package dev.slipway.localcloud.stepfunctions;

import java.util.Map;

/** An execution row with the position a RUNNING execution resumes from. */
record StoredExecution(
    ExecutionRecord record, String nextState, Object nextInput, Map<String, Object> variables) {}
