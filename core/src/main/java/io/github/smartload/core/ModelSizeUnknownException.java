package io.github.smartload.core;

/**
 * Neither the size table nor the runtime knows how large a model is; the application says what to
 * do about it.
 */
public final class ModelSizeUnknownException extends SmartloadException {

  private final ModelName model;
  private final String runtime;

  /**
   * @param runtime the runtime as it describes itself, which does not have the model installed
   */
  public ModelSizeUnknownException(ModelName model, String runtime) {
    super("the size of " + model + " is unknown");
    this.model = model;
    this.runtime = runtime;
  }

  public ModelName model() {
    return model;
  }

  public String runtime() {
    return runtime;
  }
}
