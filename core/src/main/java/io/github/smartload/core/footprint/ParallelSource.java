package io.github.smartload.core.footprint;

/** Where the number of parallel sequences came from. */
public enum ParallelSource {
  /** The server's {@code OLLAMA_NUM_PARALLEL}. */
  SERVER_SETTING,
  /** Ollama's default, 1. */
  DEFAULT,
  /** Forced to 1: an embedding model or an architecture Ollama runs one sequence at a time. */
  FORCED_SINGLE
}
