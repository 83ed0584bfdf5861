package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.OllamaPrediction;
import io.github.smartload.core.PoolPlacer;
import io.github.smartload.core.Requirement;
import io.github.smartload.core.placement.LayerPlacer;
import io.github.smartload.core.placement.ModelLayers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** How a model's requirement was estimated: by its footprint at a context, or by the margin. */
public sealed interface Estimate {

  /** The requirement a decision uses. */
  Requirement requirement();

  /** How the model lands on given GPUs: by its layers, or whole by its required size. */
  PoolPlacer placer();

  /** What Ollama itself predicts the model takes on GPUs, which decides its own evictions. */
  OllamaPrediction ollamaPrediction();

  /**
   * Weights + KV cache + buffers at the context Ollama will run the model at.
   *
   * @param footprint the parts; its weights may be the size table's or {@code --size}'s figure
   * @param layers the footprint split per layer ({@link LayerSplit}), for placing it on GPUs
   * @param ollamaPrediction Ollama's own prediction ({@link OllamaVramPrediction})
   */
  record ByFootprint(
      Footprint footprint,
      ResolvedContext context,
      ModelLayers layers,
      OllamaPrediction ollamaPrediction)
      implements Estimate {
    public ByFootprint {
      Objects.requireNonNull(footprint, "footprint");
      Objects.requireNonNull(context, "context");
      Objects.requireNonNull(layers, "layers");
      Objects.requireNonNull(ollamaPrediction, "ollamaPrediction");
    }

    @Override
    public PoolPlacer placer() {
      return LayerPlacer.placer(layers);
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

    /** No facts: the size stands in for Ollama's prediction (file size + KV cache). */
    @Override
    public OllamaPrediction ollamaPrediction() {
      return OllamaPrediction.bySize(size);
    }

    /** No split is known: the whole of size x margin on one GPU, or all of it in RAM. */
    @Override
    public PoolPlacer placer() {
      return PoolPlacer.whole(requirement().required());
    }
  }
}
