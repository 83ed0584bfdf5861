package io.github.smartload.ollama;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each kind of call to Ollama may take: connecting, the quick calls that list or describe
 * models, and loading a model (a 19 GB model on CPU can take minutes).
 *
 * @param connect the TCP connect timeout for every call
 * @param list the read timeout for {@code /api/ps}, {@code /api/tags}, {@code /api/show}, {@code
 *     /api/version} and unload requests; newer servers hold {@code /api/ps} while a model loads
 * @param load the read timeout for a load request, which answers once the model is resident
 */
public record OllamaTimeouts(Duration connect, Duration list, Duration load) {

  public OllamaTimeouts {
    positive(connect, "connect");
    positive(list, "list");
    positive(load, "load");
  }

  /** Connect 5 s, list 60 s, load 10 min. */
  public static OllamaTimeouts defaults() {
    return new OllamaTimeouts(
        Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(10));
  }

  private static void positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("the " + name + " timeout must be positive: " + value);
    }
  }
}
