package io.github.smartload.core.port;

import io.github.smartload.core.SmartloadException;

/** The memory could not be read, or what was read is not trustworthy. */
public final class MemoryProbeException extends SmartloadException {

  public MemoryProbeException(String message) {
    super(message);
  }

  public MemoryProbeException(String message, Throwable cause) {
    super(message, cause);
  }
}
