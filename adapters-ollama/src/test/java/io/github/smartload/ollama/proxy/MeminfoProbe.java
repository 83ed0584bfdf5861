package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.MemoryProbeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the fake Ollama's meminfo mirror: just enough of a probe for end-to-end tests (the real one
 * lives in adapters-proc, which this module may not depend on).
 */
final class MeminfoProbe implements MemoryProbe {

  private final Path meminfo;

  MeminfoProbe(Path procfsRoot) {
    this.meminfo = procfsRoot.resolve("meminfo");
  }

  @Override
  public MemorySnapshot read() {
    Map<String, Long> kb = new HashMap<>();
    try {
      for (String line : Files.readAllLines(meminfo)) {
        String[] parts = line.split(":\\s*|\\s+kB");
        kb.put(parts[0], Long.parseLong(parts[1].trim()));
      }
    } catch (IOException | RuntimeException e) {
      throw new MemoryProbeException("cannot read " + meminfo + ": " + e.getMessage(), e);
    }
    return new MemorySnapshot(
        bytes(kb, "MemTotal"),
        bytes(kb, "MemAvailable"),
        bytes(kb, "SwapTotal"),
        bytes(kb, "SwapFree"),
        new MemorySource(MemorySource.Kind.HOST, meminfo.toString()),
        Optional.empty());
  }

  private static ByteSize bytes(Map<String, Long> kb, String key) {
    return ByteSize.ofBytes(kb.get(key) * 1024);
  }
}
