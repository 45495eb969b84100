/**
 * The records that cross process boundaries: the push event, the pipeline config, the state
 * machine's document and each step's result (statemachines/CONTRACT.md), read and written with
 * {@link dev.slipway.pipeline.model.PipelineJson}.
 */
package dev.slipway.pipeline.model;
