package dev.slipway.localcloud.stepfunctions;

import java.time.Instant;

/** A created state machine. */
public record StateMachineRecord(
    String arn,
    String name,
    String definition,
    String roleArn,
    String type,
    Instant created,
    Instant updated) {}
