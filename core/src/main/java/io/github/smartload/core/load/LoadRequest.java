package io.github.smartload.core.load;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One smart load: the model, how long to keep it resident, and how to behave at the edges.
 *
 * @param strict when the model cannot fit even after unloading, load nothing and unload nothing
 * @param preload load the model once there is room; {@code false} only makes room
 * @param keep models that may not be unloaded for this load (e.g. busy serving a request)
 * @param size the model's size when the caller knows better than the table and the runtime
 * @param numCtx the context to load at ({@code options.num_ctx}); empty leaves it to the runtime
 */
public record LoadRequest(
    ModelName model,
    KeepAlive keepAlive,
    boolean strict,
    boolean preload,
    Set<ModelName> keep,
    Optional<ByteSize> size,
    OptionalInt numCtx) {

  public LoadRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(numCtx, "numCtx");
    if (numCtx.isPresent() && numCtx.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "a context is a positive number of tokens, not " + numCtx.getAsInt());
    }
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(size, "size");
    keep = Set.copyOf(keep);
  }

  /** Load {@code model} as the original did: keep-alive 15m, not strict, preload. */
  public static LoadRequest of(ModelName model) {
    return new LoadRequest(
        model, KeepAlive.DEFAULT, false, true, Set.of(), Optional.empty(), OptionalInt.empty());
  }

  public LoadRequest withKeepAlive(KeepAlive value) {
    return new LoadRequest(model, value, strict, preload, keep, size, numCtx);
  }

  public LoadRequest withStrict(boolean value) {
    return new LoadRequest(model, keepAlive, value, preload, keep, size, numCtx);
  }

  public LoadRequest withPreload(boolean value) {
    return new LoadRequest(model, keepAlive, strict, value, keep, size, numCtx);
  }

  public LoadRequest withKeep(Set<ModelName> value) {
    return new LoadRequest(model, keepAlive, strict, preload, value, size, numCtx);
  }

  public LoadRequest withSize(ByteSize value) {
    return new LoadRequest(model, keepAlive, strict, preload, keep, Optional.of(value), numCtx);
  }

  /** Load at {@code tokens} per sequence: the load asks the runtime for that context. */
  public LoadRequest withNumCtx(int tokens) {
    return new LoadRequest(model, keepAlive, strict, preload, keep, size, OptionalInt.of(tokens));
  }
}
