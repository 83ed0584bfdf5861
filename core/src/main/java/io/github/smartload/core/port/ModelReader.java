package io.github.smartload.core.port;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.footprint.InstalledModel;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a model runtime can be asked without changing anything: the resident models, the installed
 * ones and their sizes. A plan needs only this; every method may throw a {@link
 * ModelRuntimeException}.
 */
public interface ModelReader {

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
   * The context, in tokens per sequence, that {@code model} runs at now when it is resident and not
   * stopping; empty when it is not, or when the runtime does not tell (the default). A request at
   * another context makes Ollama reload the model.
   */
  default OptionalInt residentContext(ModelName model) {
    return OptionalInt.empty();
  }

  /**
   * What the runtime tells of an installed model before it loads (its facts, its Modelfile's
   * context), for its footprint; empty when the model is not installed or the runtime tells nothing
   * of the kind.
   */
  default Optional<InstalledModel> installedModel(ModelName model) {
    return Optional.empty();
  }

  /**
   * Whether {@link #installedModel} is asked a real source of facts: a margin fallback then says
   * which facts were missing. False (the default) for a reader of given sizes, an offline plan.
   */
  default boolean tellsFacts() {
    return false;
  }
}
