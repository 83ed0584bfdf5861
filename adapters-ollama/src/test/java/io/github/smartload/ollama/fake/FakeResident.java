package io.github.smartload.ollama.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * A model in the fake machine's memory at {@code context} tokens; {@code stopping} once an unload
 * was asked for or its keep-alive ran out. {@code keepAlive} is the duration its last request set
 * (negative: forever): Ollama orders its own evictions by it (its runner's {@code
 * sessionDuration}).
 */
record FakeResident(
    ModelName name,
    ByteSize size,
    int context,
    Instant expiresAt,
    boolean stopping,
    Duration keepAlive) {

  /**
   * What holds the memory, for the over-commit records: e.g. {@code base 4.0 GB, qwen3:8b 5.7 GB,
   * gemma3:12b 8.1 GB (stopping), returning 2.0 GB}.
   */
  static String describe(ByteSize base, Collection<FakeResident> resident, ByteSize returning) {
    StringBuilder text = new StringBuilder("base ").append(base);
    resident.forEach(
        entry ->
            text.append(", ")
                .append(entry.name())
                .append(' ')
                .append(entry.size())
                .append(entry.stopping() ? " (stopping)" : ""));
    if (!returning.equals(ByteSize.ZERO)) {
      text.append(", returning ").append(returning);
    }
    return text.toString();
  }
}
