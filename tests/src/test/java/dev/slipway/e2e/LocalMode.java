package dev.slipway.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives end-to-end tests the one {@link LocalModeRun} of the suite: started on first use, kept in
 * the root context's store (so every test class shares it) and closed when the suite ends. Local
 * mode takes about a minute to come up and each pipeline run a few; sharing it keeps the suite
 * within its time budget.
 */
final class LocalMode implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(LocalMode.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalModeRun.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .computeIfAbsent(
            "local-mode",
            key -> {
              try {
                return LocalModeRun.start();
              } catch (Exception e) {
                throw new ParameterResolutionException(
                    "local mode did not start: " + e.getMessage(), e);
              }
            },
            LocalModeRun.class);
  }
}
