package io.github.smartload.core.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.MemoryProbe;
import java.util.Optional;

/**
 * A machine's memory in a test: models take from it and give back to it. Readings can lag behind by
 * a number of reads, as the kernel's do after a runner exits.
 */
public final class SimulatedMemory implements MemoryProbe {

  private final ByteSize total;
  private long available;
  private long owed;
  private int lagReads;
  private int readsSinceGiven;

  public SimulatedMemory(String totalGigabytes, String availableGigabytes) {
    this.total = ByteSize.ofGigabytes(totalGigabytes);
    this.available = ByteSize.ofGigabytes(availableGigabytes).bytes();
  }

  /** Memory given back shows up only after this many further reads. */
  public SimulatedMemory lagging(int readsBehind) {
    this.lagReads = readsBehind;
    return this;
  }

  void take(ByteSize size) {
    available -= size.bytes();
  }

  void give(ByteSize size) {
    owed += size.bytes();
    readsSinceGiven = 0;
  }

  @Override
  public MemorySnapshot read() {
    readsSinceGiven++;
    if (owed > 0 && readsSinceGiven > lagReads) {
      available += owed;
      owed = 0;
    }
    ByteSize now = ByteSize.ofBytes(Math.max(0, Math.min(available, total.bytes())));
    return new MemorySnapshot(
        total,
        now,
        ByteSize.ZERO,
        ByteSize.ZERO,
        new MemorySource(MemorySource.Kind.HOST, "simulated"),
        Optional.empty());
  }
}
