package io.github.smartload.core.port;

/** The runtime did not answer: not running, wrong address, or timed out. */
public final class RuntimeUnreachableException extends ModelRuntimeException {

  public RuntimeUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
