package io.github.smartload.core.port;

/**
 * The runtime answered something that could not be understood: a missing field, a wrong type, not
 * JSON. Nothing may be decided on the strength of such an answer.
 */
public final class RuntimeProtocolException extends ModelRuntimeException {

  public RuntimeProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
