package io.github.smartload.core;

/**
 * An expected failure with a message for humans: what happened and what to do. Callers show the
 * message on one line; a stack trace is for debugging only.
 */
public abstract class SmartloadException extends RuntimeException {

  protected SmartloadException(String message) {
    super(message);
  }

  protected SmartloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
