/**
 * What a model needs in memory at a context, as llama.cpp (behind Ollama) allocates it. Pure
 * functions, no I/O. Entry points: {@link io.github.smartload.core.footprint.Footprint#estimate}
 * (weights + KV cache + compute and output buffers, or the facts missing), {@link
 * io.github.smartload.core.footprint.OllamaContext#resolve} (the context and parallelism Ollama
 * will use, each with its source) and {@link io.github.smartload.core.footprint.ContextFit#largest}
 * (the largest context within a budget).
 */
package io.github.smartload.core.footprint;
