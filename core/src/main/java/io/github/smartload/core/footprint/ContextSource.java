package io.github.smartload.core.footprint;

/** Where the context Ollama runs a model at came from, in Ollama's order of precedence. */
public enum ContextSource {
  /** The request's {@code options.num_ctx}. */
  REQUEST,
  /** The Modelfile's {@code PARAMETER num_ctx}. */
  MODELFILE,
  /** The server's {@code OLLAMA_CONTEXT_LENGTH}. */
  SERVER_SETTING,
  /** Ollama's automatic default from the GPUs' total memory (4096 without a GPU). */
  VRAM_TIER,
  /** Capped at the context the model was trained for. */
  TRAINED_LENGTH,
  /** Raised to Ollama's minimum: 4 tokens, 2048 for vision models. */
  MINIMUM
}
