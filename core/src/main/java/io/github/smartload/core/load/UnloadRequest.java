package io.github.smartload.core.load;

import io.github.smartload.core.ModelName;
import java.util.List;

/** Which models an explicit unload is for: every resident one, or those named. */
public sealed interface UnloadRequest {

  /** Every resident model, pinned ones included. */
  static UnloadRequest all() {
    return new All();
  }

  /** The models named; pinned ones too, since the operator asked for them by name. */
  static UnloadRequest named(List<ModelName> models) {
    return new Named(models);
  }

  /** Every resident model. */
  record All() implements UnloadRequest {}

  /** These models, at least one. */
  record Named(List<ModelName> models) implements UnloadRequest {
    public Named {
      models = List.copyOf(models);
      if (models.isEmpty()) {
        throw new IllegalArgumentException("name at least one model to unload, or unload all");
      }
    }
  }
}
