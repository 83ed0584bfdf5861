package io.github.smartload.core.load;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/** Waits between polls; tests pass one that advances a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the calling thread; an interrupt cancels the load. */
  Sleeper THREAD =
      duration -> {
        try {
          Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("interrupted while waiting for the runtime");
        }
      };

  void sleep(Duration duration);
}
