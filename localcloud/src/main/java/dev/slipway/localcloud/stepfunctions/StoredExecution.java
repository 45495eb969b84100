package dev.slipway.localcloud.stepfunctions;

import java.util.Map;

/**
 * An execution row: the definition it started with (a later UpdateStateMachine does not change a
 * running execution, as in AWS) and the position a RUNNING execution resumes from.
 */
record StoredExecution(
    ExecutionRecord record,
    String definition,
    String nextState,
    Object nextInput,
    Map<String, Object> variables) {}
