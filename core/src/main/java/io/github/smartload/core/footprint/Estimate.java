package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Requirement;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** How a model's requirement was estimated: by its footprint at a context, or by the margin. */
public sealed interface Estimate {

  /** The requirement a decision uses. */
  Requirement requirement();

  /**
   * Weights + KV cache + buffers at the context Ollama will run the model at.
   *
   * @param footprint the parts; its weights may be the size table's or {@code --size}'s figure
   */
  record ByFootprint(Footprint footprint, ResolvedContext context) implements Estimate {
    public ByFootprint {
      Objects.requireNonNull(footprint, "footprint");
      Objects.requireNonNull(context, "context");
    }

    @Override
    public Requirement requirement() {
      return new Requirement(footprint.weights(), footprint.total(), Requirement.Rule.FOOTPRINT);
    }
  }

  /**
   * Size x margin.
   *
   * @param missing the facts a footprint lacked (GGUF names); empty when the margin was asked for
   */
  record ByMargin(ByteSize size, BigDecimal margin, List<String> missing) implements Estimate {
    public ByMargin {
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(margin, "margin");
      missing = List.copyOf(missing);
    }

    @Override
    public Requirement requirement() {
      return Requirement.byMargin(size, margin);
    }
  }
}
