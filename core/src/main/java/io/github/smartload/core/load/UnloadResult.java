package io.github.smartload.core.load;

import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.UnloadFailure;
import java.util.List;
import java.util.Objects;

/**
 * What an explicit unload did: the models confirmed gone, those that failed, those that were not
 * resident at all, and the memory before and after.
 */
public record UnloadResult(
    List<LoadedModel> unloaded,
    List<UnloadFailure> failed,
    List<ModelName> notLoaded,
    MemorySnapshot memoryBefore,
    MemorySnapshot memoryAfter) {

  public UnloadResult {
    unloaded = List.copyOf(unloaded);
    failed = List.copyOf(failed);
    notLoaded = List.copyOf(notLoaded);
    Objects.requireNonNull(memoryBefore, "memoryBefore");
    Objects.requireNonNull(memoryAfter, "memoryAfter");
  }

  /** Whether every resident model asked for is gone. */
  public boolean succeeded() {
    return failed.isEmpty();
  }
}
