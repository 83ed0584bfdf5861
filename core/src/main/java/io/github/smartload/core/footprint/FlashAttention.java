package io.github.smartload.core.footprint;

/**
 * {@code OLLAMA_FLASH_ATTENTION}: set to a true or false value gives on or off; unset gives auto,
 * which llama.cpp turns on when every device supports it (the CPU always does).
 */
public enum FlashAttention {
  ON,
  OFF,
  AUTO;

  /** Whether llama.cpp runs with flash attention: auto counts as on, as it is on the CPU. */
  boolean enabled() {
    return this != OFF;
  }
}
