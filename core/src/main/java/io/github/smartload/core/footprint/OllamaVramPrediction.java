package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.OllamaPrediction;

/**
 * Ollama's own prediction of a model's size on the GPUs, as its scheduler computes it before a load
 * (ollama/ollama at fb30760): {@code llm.PredictServerVRAM} (llm/llama_server.go 2681-2700) is the
 * model file's size plus an f16 KV cache of 2 (K and V) x blocks x the fewest KV heads of any layer
 * x (embedding length / head count) x context x 2 bytes, whatever cache type the server runs; the
 * context is {@code effectiveLlamaServerContext} (server/sched.go 793-795): the request's context,
 * at most the trained one, times the parallel sequences.
 *
 * <p>Ollama adds {@code generationBatchSurchargeForCompletion} (sched.go 545, 815-820, 906-915) for
 * a batch of 1024 or more. With the batch chosen automatically that surcharge is picked only when
 * the prediction plus it stays within 80% of the free memory ({@code generationBatchFits},
 * 870-884), else the batch falls to 512 with no surcharge, so it never decides an eviction; an
 * explicit {@code num_batch}, which smartload does not see, could.
 */
public final class OllamaVramPrediction {

  private OllamaVramPrediction() {}

  /**
   * Ollama's prediction for a model with {@code facts} run at {@code context}; {@code weights}
   * stands in for the file's size when the facts do not state it.
   */
  public static OllamaPrediction of(ModelFacts facts, ResolvedContext context, ByteSize weights) {
    return of(facts, context.numCtx(), context.parallel(), weights);
  }

  /** Ollama's prediction for a model with {@code facts} run with {@code run}'s context. */
  public static OllamaPrediction of(ModelFacts facts, RunSettings run, ByteSize weights) {
    return of(facts, run.contextPerSequence(), run.parallel(), weights);
  }

  private static OllamaPrediction of(
      ModelFacts facts, int contextPerSequence, int parallel, ByteSize weights) {
    long file = facts.fileSize().orElse(weights).bytes();
    long blocks = facts.blockCount().orElse(0);
    long kvHeads = facts.headCountKv().map(LayerCount::min).orElse(1);
    if (kvHeads == 0) {
      kvHeads = 1; // PredictServerVRAM: "if kvHeads == 0 { kvHeads = 1 }"
    }
    int heads = facts.headCount().orElse(0);
    long headDim = heads > 0 ? facts.embeddingLength().orElse(0) / heads : 0;
    long perSequence = contextPerSequence;
    int trained = facts.trainedContextLength().orElse(0);
    if (trained > 0 && perSequence > trained) {
      perSequence = trained; // effectiveContext: never past the trained length
    }
    long tokens = perSequence * Math.max(parallel, 1);
    long kvCache = 2 * blocks * kvHeads * headDim * tokens * 2;
    return new OllamaPrediction(ByteSize.ofBytes(file + kvCache), true);
  }
}
