package io.github.smartload.core.port;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A local model runtime (Ollama, llama.cpp, LM Studio): what is resident, how large a model is, and
 * loading and unloading. Every method may throw a {@link ModelRuntimeException}.
 */
public interface ModelRuntime {

  /** Names the runtime for messages, e.g. {@code Ollama at http://127.0.0.1:11434}. */
  String describe();

  /** The resident models, including those the runtime is stopping (expiry in the past). */
  List<LoadedModel> loadedModels();

  /**
   * The models installed (pulled), loaded or not: a model missing here cannot be loaded, so nothing
   * may be unloaded for it.
   */
  Set<ModelName> installedModels();

  /** The size of an installed model that need not be loaded; empty when it is not installed. */
  Optional<ByteSize> sizeOf(ModelName model);

  /**
   * Asks the runtime to unload a model and returns once it has accepted; the memory comes back
   * later, when {@link #loadedModels()} no longer lists it.
   */
  void unload(ModelName model);

  /** Loads a model without generating and keeps it resident for {@code keepAlive}. */
  void load(ModelName model, KeepAlive keepAlive);
}
