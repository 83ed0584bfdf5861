package io.github.smartload.core.port;

/**
 * The runtime accepted the connection and the request, then closed the connection before any
 * answer: it died (killed for lack of memory, crashed, restarted) while working on the request, so
 * whether the request took effect is unknown. Unlike "not running", the request reached it, and
 * must not be sent again blindly.
 */
public final class RuntimeDiedException extends RuntimeUnreachableException {

  public RuntimeDiedException(String message, Throwable cause) {
    super(message, cause);
  }
}
