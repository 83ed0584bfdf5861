package io.github.smartload.ollama;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What smartload keeps of a {@code POST /api/show} answer: the scalar {@code model_info} values as
 * text, the few small arrays a footprint needs, and counts instead of the tokenizer's lists.
 *
 * @param scalars {@code model_info} numbers, strings and booleans by key, as their JSON text
 * @param arrays per-layer {@code model_info} arrays (present only in a verbose answer)
 * @param tokenCount the length of {@code tokenizer.ggml.tokens}, counted while skipping it
 * @param tokenEmbeddingShape the shape of {@code token_embd.weight} from {@code tensors}
 * @param tensorsListed whether {@code tensors} was there (so {@code hasOutputTensor} means
 *     something)
 * @param hasOutputTensor an {@code output.weight} tensor exists (else the embedding is tied)
 * @param parameters the Modelfile's options as text, one per line
 * @param quantization {@code details.quantization_level}
 * @param capabilities {@code capabilities}, such as {@code vision} or {@code embedding}
 */
record ShowAnswer(
    Map<String, String> scalars,
    Map<String, List<String>> arrays,
    OptionalInt tokenCount,
    List<String> tokenEmbeddingShape,
    boolean tensorsListed,
    boolean hasOutputTensor,
    Optional<String> parameters,
    Optional<String> quantization,
    Set<String> capabilities) {

  ShowAnswer {
    scalars = Map.copyOf(scalars);
    arrays = Map.copyOf(arrays);
    tokenEmbeddingShape = List.copyOf(tokenEmbeddingShape);
    capabilities = Set.copyOf(capabilities);
  }
}
