package io.github.smartload.core.port;

import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;

/**
 * A local model runtime (Ollama, llama.cpp, LM Studio) that can be told to load and unload models,
 * besides being read. Every method may throw a {@link ModelRuntimeException}.
 */
public interface ModelRuntime extends ModelReader {

  /**
   * Asks the runtime to unload a model and returns once it has accepted; the memory comes back
   * later, when {@link #loadedModels()} no longer lists it.
   */
  void unload(ModelName model);

  /** Loads a model without generating and keeps it resident for {@code keepAlive}. */
  void load(ModelName model, KeepAlive keepAlive);

  /**
   * Loads a model at {@code numCtx} tokens per sequence ({@code options.num_ctx}), or at the
   * runtime's own choice when empty. A runtime without the option loads at its own choice.
   */
  default void load(ModelName model, KeepAlive keepAlive, java.util.OptionalInt numCtx) {
    load(model, keepAlive);
  }
}
