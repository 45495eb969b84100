package dev.slipway.localcloud.server;

import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;

/** Answers plain HTTP under a path prefix (function URLs, the local console). */
@FunctionalInterface
public interface RouteHandler {
  /** Handles one request; exceptions become a 500. */
  WireResponse handle(WireRequest request) throws Exception;
}
