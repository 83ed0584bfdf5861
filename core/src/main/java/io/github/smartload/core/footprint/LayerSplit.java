package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.placement.ModelLayers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A model's {@link Footprint} split per layer, the input the {@link
 * io.github.smartload.core.placement.LayerPlacer} places. The parts always add up to the footprint:
 * placed with no GPU, the model takes exactly {@link Footprint#total()}.
 *
 * <p>Assumptions, since {@code /api/show}'s per-tensor sizes are not read (yet):
 *
 * <ul>
 *   <li>KV cache per block: exact, the same per-layer arithmetic as the footprint's (sliding-window
 *       layers hold their window); the blocks' figures sum exactly to the footprint's KV cache.
 *   <li>Token embeddings ({@code token_embd}, kept in system RAM by llama.cpp wherever the layers
 *       go): vocabulary x embedding length elements at the bytes per element of the file's
 *       quantization ({@code Q4_K_M}: Q4_K, 144 bytes per 256; unknown: f16, 2 bytes).
 *   <li>Output layer: a separate {@code output.weight} (same shape) is taken at Q6_K at least, the
 *       type llama.cpp's quantizer gives it in the k-quants; with tied embeddings llama.cpp loads
 *       {@code token_embd} a second time for the output layer ({@code TENSOR_DUPLICATED} in {@code
 *       llama-model.cpp}; the loader counts its bytes again), so the output layer is one more copy
 *       of the embeddings, on the output layer's device. On a GPU that copy is extra; on the CPU it
 *       is the same tensor and costs nothing ({@link ModelLayers#outputTied()}).
 *   <li>Embeddings and output together are at most half the weights (a cap for odd facts); the rest
 *       of the weights is divided evenly over the blocks.
 *   <li>The compute and output buffers are the footprint's: one compute buffer per backend that
 *       holds layers, the output (logits) buffer in RAM.
 * </ul>
 */
public final class LayerSplit {

  /** Q6_K: 210 bytes per 256 values, the type of a k-quant file's {@code output.weight}. */
  private static final Rate Q6_K = new Rate(210, 256);

  private static final Rate F16 = new Rate(2, 1);

  private LayerSplit() {}

  /**
   * The layers of a model with these facts run with these settings; empty when the facts lack what
   * a footprint needs.
   *
   * @param statedWeights the weights when the size table or the caller states them (as {@code
   *     Requirements} does): they replace the footprint's own weights figure
   */
  public static Optional<ModelLayers> of(
      ModelFacts facts, RunSettings settings, Optional<ByteSize> statedWeights) {
    if (!facts.missingForFootprint().isEmpty()) {
      return Optional.empty();
    }
    Shape shape = Shape.of(facts);
    long weights =
        statedWeights.map(ByteSize::bytes).orElse(LlamaCppAllocation.weights(shape, settings));
    long embeddingElements = Math.multiplyExact(shape.vocab(), (long) shape.embedding());
    Rate rate = rate(shape.quantization());
    long host = rate.bytes(embeddingElements);
    long output = shape.tiedEmbeddings() ? host : max(rate, Q6_K).bytes(embeddingElements);
    // A tied output layer is token_embd again: in the file (and on the CPU) only once.
    long inFile = shape.tiedEmbeddings() ? host : host + output;
    if (inFile > weights / 2) {
      // Facts that make the embeddings most of the file: keep their ratio, at half the weights.
      long half = weights / 2;
      long scaledHost = (long) ((double) host / inFile * half);
      output = shape.tiedEmbeddings() ? scaledHost : half - scaledHost;
      host = scaledHost;
      inFile = shape.tiedEmbeddings() ? host : host + output;
    }
    long blocks = weights - inFile;
    List<ByteSize> kv = new ArrayList<>();
    for (long layer : LlamaCppAllocation.kvCachePerLayer(shape, settings)) {
      kv.add(ByteSize.ofBytes(layer));
    }
    ModelLayers even =
        ModelLayers.evenly(
            shape.blocks(),
            ByteSize.ofBytes(blocks),
            ByteSize.ZERO,
            ByteSize.ofBytes(output),
            ByteSize.ofBytes(host),
            ByteSize.ofBytes(LlamaCppAllocation.compute(shape, settings)),
            ByteSize.ofBytes(Math.multiplyExact(4L * shape.vocab(), (long) settings.parallel())));
    return Optional.of(
        new ModelLayers(
            even.blockWeights(),
            kv,
            even.outputWeights(),
            even.hostWeights(),
            even.computeBuffer(),
            even.outputBuffer(),
            shape.tiedEmbeddings()));
  }

  /** Bytes per element of the file's quantization, by ggml's block sizes; unknown: f16. */
  static Rate rate(Optional<String> quantization) {
    String name = quantization.orElse("").toUpperCase(Locale.ROOT);
    if (name.startsWith("Q2_K")) {
      return new Rate(84, 256);
    } else if (name.startsWith("Q3_K")) {
      return new Rate(110, 256);
    } else if (name.startsWith("Q4_K")) {
      return new Rate(144, 256);
    } else if (name.startsWith("Q5_K")) {
      return new Rate(176, 256);
    } else if (name.startsWith("Q6_K")) {
      return Q6_K;
    } else if (name.equals("Q4_0") || name.equals("IQ4_NL") || name.startsWith("IQ4_XS")) {
      return new Rate(18, 32);
    } else if (name.equals("Q4_1")) {
      return new Rate(20, 32);
    } else if (name.equals("Q5_0")) {
      return new Rate(22, 32);
    } else if (name.equals("Q5_1")) {
      return new Rate(24, 32);
    } else if (name.equals("Q8_0")) {
      return new Rate(34, 32);
    } else if (name.equals("F32")) {
      return new Rate(4, 1);
    }
    return F16;
  }

  private static Rate max(Rate a, Rate b) {
    return a.bytes(1L << 20) >= b.bytes(1L << 20) ? a : b;
  }

  /** {@code blockBytes} per {@code blockElements} values. */
  record Rate(long blockBytes, long blockElements) {
    long bytes(long elements) {
      return elements / blockElements * blockBytes
          + elements % blockElements * blockBytes / blockElements;
    }
  }
}
