package io.github.smartload.core.port;

import io.github.smartload.core.SmartloadException;

/** The GPUs could not be read: the driver or its tool failed. The message is one line. */
public final class GpuProbeException extends SmartloadException {

  public GpuProbeException(String message) {
    super(message);
  }

  public GpuProbeException(String message, Throwable cause) {
    super(message, cause);
  }
}
