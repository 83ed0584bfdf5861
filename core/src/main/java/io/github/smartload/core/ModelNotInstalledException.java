package io.github.smartload.core;

/**
 * The runtime does not have the model installed: it cannot be loaded, so nothing was unloaded for
 * it. The application says how to install it (for Ollama, {@code ollama pull}).
 */
public final class ModelNotInstalledException extends SmartloadException {

  private final ModelName model;

  public ModelNotInstalledException(ModelName model) {
    super(model + " is not installed");
    this.model = model;
  }

  public ModelName model() {
    return model;
  }
}
