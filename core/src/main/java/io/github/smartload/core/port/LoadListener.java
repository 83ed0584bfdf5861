package io.github.smartload.core.port;

/**
 * Receives every step of a smart load as a typed event; the application renders the log from these
 * (core never logs). Called on the loading thread; keep it quick.
 */
@FunctionalInterface
public interface LoadListener {

  LoadListener NONE = event -> {};

  void on(LoadEvent event);

  /** A listener that passes each event to this one, then to {@code next}. */
  default LoadListener andThen(LoadListener next) {
    return event -> {
      on(event);
      next.on(event);
    };
  }
}
