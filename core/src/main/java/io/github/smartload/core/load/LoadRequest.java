package io.github.smartload.core.load;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One smart load: the model, how long to keep it resident, and how to behave at the edges.
 *
 * @param strict when the model cannot fit even after unloading, load nothing and unload nothing
 * @param preload load the model once there is room; {@code false} only makes room
 * @param keep models that may not be unloaded for this load (e.g. busy serving a request)
 * @param size the model's size when the caller knows better than the table and the runtime
 */
public record LoadRequest(
    ModelName model,
    KeepAlive keepAlive,
    boolean strict,
    boolean preload,
    Set<ModelName> keep,
    Optional<ByteSize> size) {

  public LoadRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(size, "size");
    keep = Set.copyOf(keep);
  }

  /** Load {@code model} as the original did: keep-alive 15m, not strict, preload. */
  public static LoadRequest of(ModelName model) {
    return new LoadRequest(model, KeepAlive.DEFAULT, false, true, Set.of(), Optional.empty());
  }

  public LoadRequest withKeepAlive(KeepAlive value) {
    return new LoadRequest(model, value, strict, preload, keep, size);
  }

  public LoadRequest withStrict(boolean value) {
    return new LoadRequest(model, keepAlive, value, preload, keep, size);
  }

  public LoadRequest withPreload(boolean value) {
    return new LoadRequest(model, keepAlive, strict, value, keep, size);
  }

  public LoadRequest withKeep(Set<ModelName> value) {
    return new LoadRequest(model, keepAlive, strict, preload, value, size);
  }

  public LoadRequest withSize(ByteSize value) {
    return new LoadRequest(model, keepAlive, strict, preload, keep, Optional.of(value));
  }
}
