package io.github.smartload.ollama.proxy;

import java.time.Duration;
import java.util.Optional;

/** The coordinator's answer to a model-bearing request: forward it, or refuse with a status. */
sealed interface Admission {

  /**
   * Forward the request; {@code ticket} counts it as in flight on its model until closed, and
   * {@code note} says how it was admitted, for the request log.
   */
  record Forward(InFlight.Ticket ticket, String note) implements Admission {}

  /** Answer {@code status} with an Ollama-style {@code {"error": message}}. */
  record Refuse(int status, String message, Optional<Duration> retryAfter) implements Admission {}
}
