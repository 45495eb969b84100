package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A handler whose input and output are read and written with the pipeline's own Jackson mapper.
 *
 * <p>The Lambda runtime's built-in POJO serializer does not construct records, so every Slipway
 * handler takes the raw stream instead and maps it here.
 *
 * @param <I> the parsed input
 * @param <O> the output record ({@code null} writes JSON {@code null})
 */
public abstract class JsonStreamHandler<I, O> implements RequestStreamHandler {
  /** The mapper for all handler I/O. */
  protected static final ObjectMapper JSON = PipelineJson.mapper();

  private final String step;

  /** A handler named {@code step} in logs and metrics. */
  protected JsonStreamHandler(String step) {
    this.step = step;
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    I request = parse(JSON.readTree(input));
    O result =
        Telemetry.invocation(
            context,
            step,
            correlationId(request),
            () -> {
              beforeHandle(request);
              return handle(request, context);
            });
    JSON.writeValue(output, result);
  }

  /** Maps the raw JSON input. */
  protected abstract I parse(JsonNode raw) throws IOException;

  /** The correlation id for this request's log lines. */
  protected abstract String correlationId(I request);

  /** Runs before {@link #handle}; may refuse the request by throwing (a cancelled run). */
  protected void beforeHandle(I request) {}

  /** Does the step's work. */
  protected abstract O handle(I request, Context context);

  /** Serializes a record for Step Functions (task token output, events). */
  protected static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
