package io.github.smartload.core.size;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import java.util.Objects;
import java.util.Optional;

/** How big a model is, as far as it is known, and where that figure comes from. */
public sealed interface ModelSize {

  /** Where a size comes from. */
  enum Source {
    /** Given by the caller ({@code plan --size}, {@code --loaded NAME=SIZE}). */
    GIVEN,
    /** The size table (defaults or the config file). */
    TABLE,
    /** The runtime's figure for the installed model (Ollama: the weights on disk). */
    RUNTIME,
    /** The original's rule ({@code --size-source table}): not in the table means small. */
    ASSUMED_SMALL
  }

  /** The figure to decide with; empty when unknown. */
  Optional<ByteSize> bytes();

  /** A size stated for this model: given, or from the size table. */
  record Known(ByteSize size, Source source) implements ModelSize {
    public Known {
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(source, "source");
    }

    @Override
    public Optional<ByteSize> bytes() {
      return Optional.of(size);
    }
  }

  /** A figure that stands in for the size in memory: the weights on disk, or assumed small. */
  record Estimated(ByteSize size, Source source) implements ModelSize {
    public Estimated {
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(source, "source");
    }

    @Override
    public Optional<ByteSize> bytes() {
      return Optional.of(size);
    }
  }

  /** Known nowhere: neither given, nor in the table, nor installed in the runtime. */
  record Unknown(ModelName model) implements ModelSize {
    @Override
    public Optional<ByteSize> bytes() {
      return Optional.empty();
    }
  }
}
