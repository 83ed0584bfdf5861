package io.github.smartload.core.footprint;

import java.util.Locale;

/**
 * The element type of the KV cache, as {@code OLLAMA_KV_CACHE_TYPE} names it. A quantized type
 * stores {@code blockBytes} per {@code blockElements} values (ggml's block sizes).
 */
public enum KvCacheType {
  F16(2, 1),
  Q8_0(34, 32),
  Q4_0(18, 32);

  private final int blockBytes;
  private final int blockElements;

  KvCacheType(int blockBytes, int blockElements) {
    this.blockBytes = blockBytes;
    this.blockElements = blockElements;
  }

  /**
   * Bytes of {@code elements} values; exact when they fill whole blocks, as they do (head sizes are
   * multiples of 32). Whole blocks first, so the product cannot overflow.
   */
  long bytes(long elements) {
    return elements / blockElements * blockBytes
        + elements % blockElements * blockBytes / blockElements;
  }

  public boolean isQuantized() {
    return this != F16;
  }

  /** {@code f16}, {@code q8_0} or {@code q4_0}, as Ollama's setting is written. */
  public String settingName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads {@code OLLAMA_KV_CACHE_TYPE}'s value; empty means the default, f16.
   *
   * @throws IllegalArgumentException naming the value when it is none of f16, q8_0, q4_0
   */
  public static KvCacheType parse(String text) {
    String name = text.strip().toLowerCase(Locale.ROOT);
    if (name.isEmpty()) {
      return F16;
    }
    for (KvCacheType type : values()) {
      if (type.settingName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a KV cache type: use f16, q8_0 or q4_0");
  }
}
