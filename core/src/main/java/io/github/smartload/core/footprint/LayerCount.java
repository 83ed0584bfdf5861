package io.github.smartload.core.footprint;

import java.util.List;

/**
 * A count that GGUF gives either once for all layers or once per layer, such as {@code
 * attention.head_count_kv} (per layer in models that mix attention kinds).
 */
public sealed interface LayerCount {

  /** The count at {@code layer} (0-based). */
  int at(int layer);

  /** The largest count over all layers, for estimates that take one figure. */
  int max();

  static LayerCount uniform(int value) {
    return new Uniform(value);
  }

  static LayerCount perLayer(List<Integer> values) {
    return new PerLayer(values);
  }

  /** The same count in every layer. */
  record Uniform(int value) implements LayerCount {
    public Uniform {
      if (value < 0) {
        throw new IllegalArgumentException("a layer count cannot be negative: " + value);
      }
    }

    @Override
    public int at(int layer) {
      return value;
    }

    @Override
    public int max() {
      return value;
    }
  }

  /** One count per layer, in layer order. */
  record PerLayer(List<Integer> values) implements LayerCount {
    public PerLayer {
      values = List.copyOf(values);
      if (values.isEmpty() || values.stream().anyMatch(value -> value < 0)) {
        throw new IllegalArgumentException(
            "per-layer counts must be given and not negative: " + values);
      }
    }

    @Override
    public int at(int layer) {
      return values.get(layer);
    }

    @Override
    public int max() {
      return values.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
  }
}
