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
  private boolean dieOnLoad;
  private boolean dead;
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
    if (dieOnLoad) {
      dieOnLoad = false;
      dead = true;
      throw new RuntimeDiedException(
          "the runtime closed the connection before answering the load of " + model, null);
    }
    current.load(model, keepAlive);
  }
}
