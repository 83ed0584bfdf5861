package io.github.smartload.core.footprint;

import java.util.List;

/**
 * A count that GGUF gives either once for all layers or once per layer, such as {@code
 * attention.head_count_kv} (per layer in models that mix attention kinds).
 */
public sealed interface LayerCount {

  /** The largest count taken: far above real models (64 KV heads), low enough not to overflow. */
  int MAX = 1024;

  /** The count at {@code layer} (0-based). */
  int at(int layer);

  /** The largest count over all layers, for estimates that take one figure. */
  int max();

  /** The smallest count over all layers (Ollama's {@code HeadCountKVMin}). */
  default int min() {
    return max();
  }

  static LayerCount uniform(int value) {
    return new Uniform(value);
  }

  static LayerCount perLayer(List<Integer> values) {
    return new PerLayer(values);
  }

  /** The same count in every layer. */
  record Uniform(int value) implements LayerCount {
    public Uniform {
      if (value < 0 || value > MAX) {
        throw new IllegalArgumentException("a layer count is from 0 to " + MAX + ", not " + value);
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
      if (values.isEmpty() || values.stream().anyMatch(value -> value < 0 || value > MAX)) {
        throw new IllegalArgumentException(
            "per-layer counts must be given, each from 0 to " + MAX + ": " + values);
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

    @Override
    public int min() {
      return values.stream().mapToInt(Integer::intValue).min().orElseThrow();
    }
  }
}
