package io.github.smartload.core.load;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.ModelRuntime;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime's installed models, asked once and again only when a model is missing from what was
 * read (it may have been pulled since). A model deleted since the last reading still counts as
 * installed until then: its load fails with the runtime's own error, having unloaded what it chose.
 * Safe for use from several threads.
 */
public final class InstalledModels {

  private final ModelRuntime runtime;
  private Optional<Set<ModelName>> known = Optional.empty();

  public InstalledModels(ModelRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /**
   * Whether the runtime has {@code model} installed, re-reading its list on a miss.
   *
   * @throws io.github.smartload.core.port.ModelRuntimeException when the list cannot be read
   */
  public synchronized boolean contains(ModelName model) {
    if (known.isPresent() && known.get().contains(model)) {
      return true;
    }
    Set<ModelName> read = Set.copyOf(runtime.installedModels());
    known = Optional.of(read);
    return read.contains(model);
  }
}
