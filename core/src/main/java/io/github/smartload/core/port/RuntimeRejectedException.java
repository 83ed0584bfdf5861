package io.github.smartload.core.port;

/** The runtime understood the request and refused it (model not found, bad keep-alive, busy). */
public final class RuntimeRejectedException extends ModelRuntimeException {

  private final int status;

  public RuntimeRejectedException(int status, String message) {
    super(message, null);
    this.status = status;
  }

  /** The runtime's status code (HTTP status for HTTP runtimes). */
  public int status() {
    return status;
  }
}
