package io.github.smartload.core.footprint;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the runtime tells about an installed model before it loads: its facts, and the context its
 * Modelfile sets ({@code PARAMETER num_ctx}), if any.
 *
 * @param digest the runtime's content digest of the model, which changes when the model does
 */
public record InstalledModel(String digest, ModelFacts facts, OptionalInt modelfileNumCtx) {

  public InstalledModel {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(modelfileNumCtx, "modelfileNumCtx");
  }

  /** The context Ollama will run this model at, for a request that names {@code requestNumCtx}. */
  public ResolvedContext context(OptionalInt requestNumCtx, ServerSettings server) {
    return OllamaContext.resolve(facts, requestNumCtx, modelfileNumCtx, server);
  }
}
