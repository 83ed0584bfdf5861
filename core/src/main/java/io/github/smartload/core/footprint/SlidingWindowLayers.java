package io.github.smartload.core.footprint;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which layers attend through a sliding window (the others attend to the whole context). */
public sealed interface SlidingWindowLayers {

  boolean uses(int layer);

  /**
   * Every layer but each {@code period}-th one, as llama.cpp's {@code set_swa_pattern}: gemma3 has
   * period 6 (layer i slides when {@code i % 6 != 5}), gemma2 period 2.
   */
  static SlidingWindowLayers allButEvery(int period) {
    return new AllButEvery(period);
  }

  /**
   * The layers llama.cpp slides in the architectures it runs with a window (gemma2, gemma3,
   * cohere2); empty for the others, which llama.cpp runs without one whatever the metadata says.
   */
  static Optional<SlidingWindowLayers> forArchitecture(String architecture) {
    return switch (architecture.toLowerCase(Locale.ROOT)) {
      case "gemma2" -> Optional.of(allButEvery(2));
      case "gemma3" -> Optional.of(allButEvery(6));
      case "cohere2" -> Optional.of(allButEvery(4));
      default -> Optional.empty();
    };
  }

  /** One flag per layer, as a GGUF {@code attention.sliding_window_pattern} array gives them. */
  static SlidingWindowLayers listed(List<Boolean> perLayer) {
    return new Listed(perLayer);
  }

  /** Every layer but each {@code period}-th one. */
  record AllButEvery(int period) implements SlidingWindowLayers {
    public AllButEvery {
      if (period < 2) {
        throw new IllegalArgumentException("a sliding-window period is at least 2, not " + period);
      }
    }

    @Override
    public boolean uses(int layer) {
      return layer % period != period - 1;
    }
  }

  /** One flag per layer; layers past the list's end do not slide. */
  record Listed(List<Boolean> perLayer) implements SlidingWindowLayers {
    public Listed {
      perLayer = List.copyOf(perLayer);
    }

    @Override
    public boolean uses(int layer) {
      return layer < perLayer.size() && perLayer.get(layer);
    }
  }
}
