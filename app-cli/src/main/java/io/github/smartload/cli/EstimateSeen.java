package io.github.smartload.cli;

import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import java.util.Objects;
import java.util.Optional;

/**
 * Passes a load's events on and keeps the estimate its decision was made on, for {@code --json}
 * (the decision itself carries only the numbers).
 */
final class EstimateSeen implements LoadListener {

  private final LoadListener next;
  private Optional<Estimate> estimate = Optional.empty();
  private Optional<MemoryPools> pools = Optional.empty();

  EstimateSeen(LoadListener next) {
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void on(LoadEvent event) {
    if (event instanceof LoadEvent.Decided decided) {
      estimate = decided.estimate();
    } else if (event instanceof LoadEvent.PoolsChecked checked) {
      pools = Optional.of(checked.pools());
    }
    next.on(event);
  }

  Optional<Estimate> estimate() {
    return estimate;
  }

  /** RAM and the GPUs as the decision read them; empty without a GPU probe (or when it failed). */
  Optional<MemoryPools> pools() {
    return pools;
  }
}
