package io.github.smartload.core.port;

import java.time.Duration;
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
    UNKNOWN_HOST,
    /** It took the connection but did not answer {@link #endpoint()} within {@link #waited()}. */
    NO_ANSWER_IN_TIME
  }

  private final String address;
  private final Reason reason;
  private final String endpoint;
  private final Duration waited;

  /** A failure without structured facts: only its message can be shown. */
  public RuntimeUnreachableException(String message, Throwable cause) {
    this(message, cause, null, null, null, null);
  }

  /**
   * @param address the runtime's address as shown to the operator ({@code http://127.0.0.1:11434})
   * @param reason why it could not be reached
   */
  public RuntimeUnreachableException(
      String message, Throwable cause, String address, Reason reason) {
    this(message, cause, address, reason, null, null);
  }

  /**
   * It did not answer in time.
   *
   * @param endpoint the request that got no answer ({@code GET /api/ps})
   * @param waited how long it was given
   */
  public RuntimeUnreachableException(
      String message, Throwable cause, String address, String endpoint, Duration waited) {
    this(message, cause, address, Reason.NO_ANSWER_IN_TIME, endpoint, waited);
  }

  /** A failure at a known address whose reason the subclass says. */
  RuntimeUnreachableException(String message, Throwable cause, String address) {
    this(message, cause, address, null, null, null);
  }

  private RuntimeUnreachableException(
      String message,
      Throwable cause,
      String address,
      Reason reason,
      String endpoint,
      Duration waited) {
    super(message, cause);
    this.address = address;
    this.reason = reason;
    this.endpoint = endpoint;
    this.waited = waited;
  }

  /** The address that could not be reached, where the runtime said it. */
  public Optional<String> address() {
    return Optional.ofNullable(address);
  }

  /** Why it could not be reached, where the runtime knows it. */
  public Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /** The request that got no answer in time. */
  public Optional<String> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** How long the request that got no answer was given. */
  public Optional<Duration> waited() {
    return Optional.ofNullable(waited);
  }
}
