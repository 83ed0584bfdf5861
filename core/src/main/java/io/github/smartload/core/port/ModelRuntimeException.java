package io.github.smartload.core.port;

import io.github.smartload.core.SmartloadException;

/** A call to the model runtime failed; the subclass says how. */
public abstract sealed class ModelRuntimeException extends SmartloadException
    permits RuntimeUnreachableException, RuntimeProtocolException, RuntimeRejectedException {

  protected ModelRuntimeException(String message, Throwable cause) {
    super(message, cause);
  }
}
