package io.github.smartload.ollama;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code POST /api/show} tells about a model's architecture: the GGUF metadata of its {@code
 * model_info}, keyed as Ollama sends it ({@code llama.block_count}), for estimates such as the KV
 * cache's size.
 *
 * @param architecture {@code general.architecture}, the prefix of the architecture's keys
 * @param modelInfo the flat map as received; numbers are doubles, per-layer values lists
 */
public record ModelFacts(String architecture, Map<String, Object> modelInfo) {

  public ModelFacts {
    Objects.requireNonNull(architecture, "architecture");
    modelInfo = Map.copyOf(modelInfo);
  }

  /**
   * The whole number under {@code <architecture>.<key>}, e.g. {@code number("block_count")}; a
   * per-layer list (as {@code attention.head_count_kv} may be) gives its largest value.
   */
  public Optional<Long> number(String key) {
    Object value = modelInfo.get(architecture + "." + key);
    if (value instanceof Number number) {
      return Optional.of(number.longValue());
    }
    if (value instanceof List<?> list) {
      return list.stream()
          .filter(Number.class::isInstance)
          .map(item -> ((Number) item).longValue())
          .max(Long::compare);
    }
    return Optional.empty();
  }
}
