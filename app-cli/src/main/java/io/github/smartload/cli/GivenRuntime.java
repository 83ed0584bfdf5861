package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.ModelReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resident models given with {@code plan --loaded NAME=SIZE}, standing in for a runtime so a
 * plan can be replayed with no Ollama. The first model given counts as the least recently used. It
 * can only be read: a plan changes nothing.
 */
final class GivenRuntime implements ModelReader {

  private final List<LoadedModel> loaded;

  GivenRuntime(List<GivenModel> models, Instant now) {
    List<LoadedModel> list = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      GivenModel model = models.get(i);
      // Expiry in the future, in the order given: what keeps them resident and sorts them for
      // --evict expiring.
      list.add(LoadedModel.inRam(model.name(), model.size(), now.plus(Duration.ofMinutes(i + 1L))));
    }
    this.loaded = List.copyOf(list);
  }

  @Override
  public String describe() {
    return "the models given with --loaded";
  }

  @Override
  public List<LoadedModel> loadedModels() {
    return loaded;
  }

  /** The models given as loaded; of any other nothing is known. */
  @Override
  public java.util.Set<ModelName> installedModels() {
    return loaded.stream()
        .map(LoadedModel::name)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** A model given as loaded is installed, at the size given; of any other nothing is known. */
  @Override
  public Optional<ByteSize> sizeOf(ModelName model) {
    return loaded.stream().filter(m -> m.name().equals(model)).map(LoadedModel::size).findFirst();
  }
}
