package io.github.smartload.ollama.fake;

import io.github.smartload.core.ByteSize;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ollama's prediction of a model's size before a load, which its 80% rule compares with the GPUs'
 * free memory ({@code llm.PredictServerVRAM}, llm/llama_server.go 2681-2700 at fb30760): the file's
 * size plus an f16 KV cache of 2 (K and V) x blocks x the fewest KV heads of any layer x (embedding
 * length / heads) x context x 2 bytes, the context at most the trained one. The facts come from the
 * model's full {@code /api/show} answer; without one the file size alone (a KV cache of 0, as
 * Ollama's with no blocks). One sequence: the fake has no {@code OLLAMA_NUM_PARALLEL}.
 */
final class FakePrediction {

  private FakePrediction() {}

  static ByteSize of(ByteSize file, Optional<String> shown, int context) {
    if (shown.isEmpty()) {
      return file;
    }
    Map<String, Object> info = modelInfo(FakeWire.parse(shown.get()));
    String arch = String.valueOf(info.get("general.architecture"));
    long blocks = number(info.get(arch + ".block_count"));
    long kvHeads = number(info.get(arch + ".attention.head_count_kv"));
    if (kvHeads == 0) {
      kvHeads = 1; // PredictServerVRAM: "if kvHeads == 0 { kvHeads = 1 }"
    }
    long heads = number(info.get(arch + ".attention.head_count"));
    long headDim = heads > 0 ? number(info.get(arch + ".embedding_length")) / heads : 0;
    long trained = number(info.get(arch + ".context_length"));
    long tokens = trained > 0 ? Math.min(context, trained) : context;
    return ByteSize.ofBytes(file.bytes() + 2 * blocks * kvHeads * headDim * tokens * 2);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> modelInfo(Map<String, Object> answer) {
    return answer.get("model_info") instanceof Map<?, ?> info
        ? (Map<String, Object>) info
        : Map.of();
  }

  /** A number, or the smallest of a per-layer array (KV heads); 0 when absent. */
  private static long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof List<?> list) {
      return list.stream()
          .filter(Number.class::isInstance)
          .mapToLong(v -> ((Number) v).longValue())
          .min()
          .orElse(0);
    }
    return 0;
  }
}
