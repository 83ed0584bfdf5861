package io.github.smartload.core;

/** Neither the size table nor the runtime knows how large a model is. */
public final class ModelSizeUnknownException extends SmartloadException {

  private final ModelName model;

  public ModelSizeUnknownException(ModelName model, String runtime) {
    super(
        "the size of "
            + model
            + " is unknown: it is not in the size table and "
            + runtime
            + " does not have it installed. Pull it first, or add it to the size table.");
    this.model = model;
  }

  public ModelName model() {
    return model;
  }
}
