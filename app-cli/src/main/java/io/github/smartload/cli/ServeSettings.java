package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import java.time.Duration;
import java.util.Optional;

/**
 * The proxy's settings a config file may hold; {@code serve}'s flags override each one.
 *
 * @param busyTimeout {@code busyTimeout}: how long a load waits for busy models
 * @param clientIdleTimeout {@code clientIdleTimeout}: how long a client may send or take nothing
 * @param upstreamTimeout {@code upstreamTimeout}: how long Ollama may send nothing
 * @param bodyBudget {@code bodyBudget}: the memory all request bodies in flight may hold
 * @param ollamaOrigins {@code OLLAMA_ORIGINS} from the environment, else the file's {@code
 *     ollamaOrigins}: the web pages Ollama lets in besides its defaults
 * @param failOpen {@code failOpen}: when memory cannot be read, forward loads unchecked
 * @param fitContext {@code fitContext}: give a request's default context only what fits
 * @param minContext {@code minContext}: the smallest context {@code fitContext} gives
 */
record ServeSettings(
    Optional<Duration> busyTimeout,
    Optional<Duration> clientIdleTimeout,
    Optional<Duration> upstreamTimeout,
    Optional<ByteSize> bodyBudget,
    Optional<String> ollamaOrigins,
    Optional<Boolean> failOpen,
    Optional<Boolean> fitContext,
    Optional<Integer> minContext) {

  static ServeSettings none() {
    return new ServeSettings(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  ServeSettings withOllamaOrigins(Optional<String> value) {
    return new ServeSettings(
        busyTimeout,
        clientIdleTimeout,
        upstreamTimeout,
        bodyBudget,
        value,
        failOpen,
        fitContext,
        minContext);
  }
}
