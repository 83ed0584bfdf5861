package io.github.smartload.core;

import java.time.Duration;
import java.util.Objects;

/** A model that could not be unloaded, and why; the front says it in its own words. */
public record UnloadFailure(ModelName model, Cause cause) {

  public UnloadFailure {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(cause, "cause");
  }

  /** Why an unload failed. */
  public sealed interface Cause {}

  /** The runtime refused, or failed while it was asked; {@code error} is its adapter's message. */
  public record RuntimeError(String error) implements Cause {
    public RuntimeError {
      Objects.requireNonNull(error, "error");
    }
  }

  /** {@code runtime} (as it describes itself) still listed the model after {@code waited}. */
  public record StillListed(String runtime, Duration waited) implements Cause {
    public StillListed {
      Objects.requireNonNull(runtime, "runtime");
      Objects.requireNonNull(waited, "waited");
    }
  }
}
