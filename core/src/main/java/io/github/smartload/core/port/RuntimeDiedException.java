package io.github.smartload.core.port;

import java.util.Optional;

/**
 * The runtime accepted the connection and the request, then closed the connection before any
 * answer: it died (killed for lack of memory, crashed, restarted) while working on the request, so
 * whether the request took effect is unknown. Unlike "not running", the request reached it, and
 * must not be sent again blindly.
 */
public final class RuntimeDiedException extends RuntimeUnreachableException {

  /** What the runtime was doing when it died, for applications that word the failure. */
  public enum Interrupted {
    /** Loading the model {@link #subject()} names. */
    LOAD,
    /** Unloading the model {@link #subject()} names. */
    UNLOAD,
    /** Answering the request {@link #subject()} names ({@code POST /api/show}). */
    REQUEST
  }

  private final Interrupted interrupted;
  private final String subject;

  /** A death without structured facts: only its message can be shown. */
  public RuntimeDiedException(String message, Throwable cause) {
    super(message, cause);
    this.interrupted = null;
    this.subject = null;
  }

  /**
   * @param address the runtime's address as shown to the operator
   * @param interrupted what it was doing
   * @param subject the model loaded or unloaded, or the request answered
   */
  public RuntimeDiedException(
      String message, Throwable cause, String address, Interrupted interrupted, String subject) {
    super(message, cause, address);
    this.interrupted = interrupted;
    this.subject = subject;
  }

  /** What the runtime was doing when it died, where the runtime said it. */
  public Optional<Interrupted> interrupted() {
    return Optional.ofNullable(interrupted);
  }

  /** The model or request {@link #interrupted()} names. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }
}
