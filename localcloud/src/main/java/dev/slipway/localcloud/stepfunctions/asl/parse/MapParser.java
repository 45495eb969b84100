package dev.slipway.localcloud.stepfunctions.asl.parse;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateCommon;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import java.util.Map;

/** Parses an inline Map state (ItemProcessor or the legacy Iterator form). */
final class MapParser {
  private final DefinitionParser parser;

  MapParser(DefinitionParser parser) {
    this.parser = parser;
  }

  State map(StateCommon c, Map<String, Object> o, String path) {
    for (String distributedOnly : new String[] {"ItemReader", "ResultWriter", "ItemBatcher"}) {
      if (o.containsKey(distributedOnly)) {
        unsupportedDistributed(path + "/" + distributedOnly);
      }
    }
    Object processor = o.containsKey("ItemProcessor") ? o.get("ItemProcessor") : o.get("Iterator");
    if (!(processor instanceof Map<?, ?> p)) {
      parser.problem("SCHEMA_VALIDATION_FAILED", "The field \"ItemProcessor\" is required", path);
      return null;
    }
    Map<String, Object> proc = Json.asObject(p);
    // A DISTRIBUTED Map over the state's own JSON input has the inline Map's results, so it runs
    // as one; only the S3 reader/writer/batcher (which need child executions) are refused.
    StateMachine block = parser.block(proc, path + "/ItemProcessor", c.queryLanguage(), false);
    Object selector = o.containsKey("ItemSelector") ? o.get("ItemSelector") : c.parameters();
    return new State.MapState(
        c,
        block,
        o.get("ItemsPath") instanceof String itemsPath ? itemsPath : StateCommon.DEFAULT_PATH,
        o.get("Items"),
        selector,
        o.get("MaxConcurrency"),
        StateParser.str(o, "MaxConcurrencyPath"),
        o.get("ToleratedFailureCount"),
        StateParser.str(o, "ToleratedFailureCountPath"),
        o.get("ToleratedFailurePercentage"),
        StateParser.str(o, "ToleratedFailurePercentagePath"));
  }

  private void unsupportedDistributed(String path) {
    parser.problem(
        "SCHEMA_VALIDATION_FAILED",
        "Distributed Map with ItemReader, ResultWriter or ItemBatcher is not supported by"
            + " Slipway local mode; read the items into the state input and use an inline Map",
        path);
  }
}
