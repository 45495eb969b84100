package dev.slipway.infra;

import dev.slipway.pipeline.model.PipelineConfig;

/** One configured service: its pipeline config (what Prepare reads) and its AWS settings. */
public record ServiceSettings(PipelineConfig pipeline, InfraSettings infra) {

  /** The service's name, used in stack and resource names. */
  public String name() {
    return pipeline.service();
  }
}
