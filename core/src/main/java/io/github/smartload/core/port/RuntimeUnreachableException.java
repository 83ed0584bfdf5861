package io.github.smartload.core.port;

/**
 * The runtime did not answer: not running, wrong address, or timed out; or, as a {@link
 * RuntimeDiedException}, it stopped answering after the request was sent.
 */
public sealed class RuntimeUnreachableException extends ModelRuntimeException
    permits RuntimeDiedException {

  public RuntimeUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
