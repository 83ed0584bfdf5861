package io.github.smartload.core.port;

import java.util.Optional;

/**
 * The runtime did not answer: not running, wrong address, or timed out; or, as a {@link
 * RuntimeDiedException}, it stopped answering after the request was sent.
 */
public sealed class RuntimeUnreachableException extends ModelRuntimeException
    permits RuntimeDiedException {

  /** Why no connection came about, where the runtime knows it; applications word it themselves. */
  public enum Reason {
    /** Nothing listens at the address. */
    REFUSED,
    /** The address's host name does not resolve. */
    UNKNOWN_HOST
  }

  private final String address;
  private final Reason reason;

  /** A failure without structured facts: only its message can be shown. */
  public RuntimeUnreachableException(String message, Throwable cause) {
    super(message, cause);
    this.address = null;
    this.reason = null;
  }

  /**
   * @param address the runtime's address as shown to the operator ({@code http://127.0.0.1:11434})
   * @param reason why it could not be reached
   */
  public RuntimeUnreachableException(
      String message, Throwable cause, String address, Reason reason) {
    super(message, cause);
    this.address = address;
    this.reason = reason;
  }

  /** A failure at a known address whose reason the subclass says. */
  RuntimeUnreachableException(String message, Throwable cause, String address) {
    super(message, cause);
    this.address = address;
    this.reason = null;
  }

  /** The address that could not be reached, where the runtime said it. */
  public Optional<String> address() {
    return Optional.ofNullable(address);
  }

  /** Why it could not be reached, where the runtime knows it. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }
}
