package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelRuntime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Core's single-threaded fakes behind one lock, as the proxy calls them from many threads; a switch
 * makes the runtime unreachable.
 */
final class SynchronizedRuntime implements ModelRuntime, MemoryProbe {

  private final InMemoryRuntime runtime;
  private final SimulatedMemory memory;
  final AtomicBoolean down = new AtomicBoolean();

  /** An unexpected failure (a bug) the next size lookup throws, once. */
  final java.util.concurrent.atomic.AtomicReference<RuntimeException> failNextSize =
      new java.util.concurrent.atomic.AtomicReference<>();

  private volatile CountDownLatch holdLoads;
  private volatile CountDownLatch loadsEntered = new CountDownLatch(0);
  private long peakResidentBytes;

  SynchronizedRuntime(InMemoryRuntime runtime, SimulatedMemory memory) {
    this.runtime = runtime;
    this.memory = memory;
  }

  synchronized List<String> calls() {
    return runtime.calls();
  }

  synchronized java.util.Set<ModelName> residentNames() {
    return runtime.residentNames();
  }

  @Override
  public synchronized MemorySnapshot read() {
    return memory.read();
  }

  @Override
  public String describe() {
    return runtime.describe();
  }

  @Override
  public synchronized List<LoadedModel> loadedModels() {
    failIfDown();
    return runtime.loadedModels();
  }

  @Override
  public synchronized java.util.Set<ModelName> installedModels() {
    failIfDown();
    return runtime.installedModels();
  }

  @Override
  public synchronized Optional<ByteSize> sizeOf(ModelName model) {
    failIfDown();
    RuntimeException failure = failNextSize.getAndSet(null);
    if (failure != null) {
      throw failure;
    }
    return runtime.sizeOf(model);
  }

  @Override
  public synchronized void unload(ModelName model) {
    failIfDown();
    runtime.unload(model);
  }

  @Override
  public void load(ModelName model, KeepAlive keepAlive) {
    loadsEntered.countDown();
    CountDownLatch gate = holdLoads;
    if (gate != null) {
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      failIfDown();
      runtime.load(model, keepAlive);
      long resident = runtime.loadedModels().stream().mapToLong(m -> m.ram().bytes()).sum();
      peakResidentBytes = Math.max(peakResidentBytes, resident);
    }
  }

  /** Holds every load until {@code gate} opens; {@link #loadsEntered} counts down on entry. */
  void holdLoads(CountDownLatch gate, CountDownLatch entered) {
    this.holdLoads = gate;
    this.loadsEntered = entered;
  }

  synchronized long peakResidentBytes() {
    return peakResidentBytes;
  }

  private void failIfDown() {
    if (down.get()) {
      throw new io.github.smartload.core.port.RuntimeUnreachableException(
          "connection refused", null);
    }
  }
}
