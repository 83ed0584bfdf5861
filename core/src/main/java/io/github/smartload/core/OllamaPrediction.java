package io.github.smartload.core;

import java.util.Objects;

/**
 * The size Ollama predicts for a model before it loads it on GPUs, which its scheduler compares
 * with 80% of their free memory to decide whether to unload a model itself first (ollama/ollama
 * server/sched.go at fb30760, lines 535-550; llm/llama_server.go {@code PredictServerVRAM}, lines
 * 2681-2700).
 *
 * @param bytes the prediction
 * @param byFacts true when computed from the model's facts as Ollama does (file size + f16 KV
 *     cache); false when no facts were known and the requirement's size stands in for it
 */
public record OllamaPrediction(ByteSize bytes, boolean byFacts) {

  public OllamaPrediction {
    Objects.requireNonNull(bytes, "bytes");
  }

  /** No facts: the model's size stands in for Ollama's prediction. */
  public static OllamaPrediction bySize(ByteSize size) {
    return new OllamaPrediction(size, false);
  }
}
