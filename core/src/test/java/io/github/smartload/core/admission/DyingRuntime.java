package io.github.smartload.core.admission;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.RuntimeDiedException;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A runtime that can die under a load (the connection closes before an answer) and be restarted
 * with nothing resident, as Ollama killed for lack of memory and brought back by systemd; it counts
 * the calls to its list of installed models.
 */
final class DyingRuntime implements ModelRuntime {

  private final Supplier<ModelRuntime> restarted;
  private ModelRuntime current;
  private volatile boolean dieOnLoad;
  private volatile boolean dead;
  private volatile java.util.concurrent.CountDownLatch holdLoad;
  final AtomicInteger installedCalls = new AtomicInteger();

  /** {@code restarted} gives the runtime as it is after a restart (nothing resident). */
  DyingRuntime(ModelRuntime alive, Supplier<ModelRuntime> restarted) {
    this.current = alive;
    this.restarted = restarted;
  }

  DyingRuntime dieDuringNextLoad() {
    dieOnLoad = true;
    return this;
  }

  /** The next load waits for {@code release} before it dies (or loads). */
  DyingRuntime holdNextLoad(java.util.concurrent.CountDownLatch release) {
    holdLoad = release;
    return this;
  }

  /** Comes back with nothing resident. */
  DyingRuntime restart() {
    dead = false;
    current = restarted.get();
    return this;
  }

  private void check() {
    if (dead) {
      throw new RuntimeUnreachableException("connection refused", null);
    }
  }

  @Override
  public String describe() {
    return "a runtime that can die";
  }

  @Override
  public List<LoadedModel> loadedModels() {
    check();
    return current.loadedModels();
  }

  @Override
  public Set<ModelName> installedModels() {
    check();
    installedCalls.incrementAndGet();
    return current.installedModels();
  }

  @Override
  public Optional<ByteSize> sizeOf(ModelName model) {
    check();
    return current.sizeOf(model);
  }

  @Override
  public void unload(ModelName model) {
    check();
    current.unload(model);
  }

  @Override
  public void load(ModelName model, KeepAlive keepAlive) {
    check();
    java.util.concurrent.CountDownLatch hold = holdLoad;
    if (hold != null) {
      holdLoad = null;
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (dieOnLoad) {
      dieOnLoad = false;
      dead = true;
      throw new RuntimeDiedException(
          "the runtime closed the connection before answering the load of " + model, null);
    }
    current.load(model, keepAlive);
  }
}
