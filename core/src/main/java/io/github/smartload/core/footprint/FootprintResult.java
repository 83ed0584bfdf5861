package io.github.smartload.core.footprint;

import java.util.List;
import java.util.Optional;

/** A {@link Footprint}, or the model facts that were missing to compute one. */
public sealed interface FootprintResult {

  /** The footprint when it could be computed. */
  Optional<Footprint> footprint();

  /** The footprint, computed from complete facts. */
  record Estimated(Footprint value) implements FootprintResult {
    @Override
    public Optional<Footprint> footprint() {
      return Optional.of(value);
    }
  }

  /** No footprint: these facts (GGUF names, e.g. {@code block_count}) are unknown. */
  record MissingFacts(List<String> facts) implements FootprintResult {
    public MissingFacts {
      facts = List.copyOf(facts);
      if (facts.isEmpty()) {
        throw new IllegalArgumentException("missing facts must name at least one fact");
      }
    }

    @Override
    public Optional<Footprint> footprint() {
      return Optional.empty();
    }

    /** {@code missing facts: block_count, vocab_size}, for a log line. */
    public String message() {
      return "missing facts: " + String.join(", ", facts);
    }
  }
}
