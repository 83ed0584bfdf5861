package io.github.smartload.cli;

import com.google.inject.ImplementedBy;

/** Tells a long-running command when to stop; a JVM shutdown hook (SIGTERM, Ctrl-C) by default. */
@ImplementedBy(JvmShutdownHook.class)
interface ShutdownSignal {

  /** Runs {@code stop} once when the process is asked to stop; it may block while it finishes. */
  void onShutdown(Runnable stop);
}
