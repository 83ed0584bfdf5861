package io.github.smartload.core.load;

import io.github.smartload.core.ModelName;
import java.util.Objects;

/** A model that could not be unloaded, and why. */
public record UnloadFailure(ModelName model, String reason) {
  public UnloadFailure {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(reason, "reason");
  }
}
