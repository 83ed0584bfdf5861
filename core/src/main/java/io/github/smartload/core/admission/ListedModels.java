package io.github.smartload.core.admission;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.ModelReader;
import io.github.smartload.core.port.ModelRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The models the runtime lists as installed, for telling a name it does not know before any lock is
 * taken. A name found costs nothing; a name not found re-reads the list only when the last reading
 * is older than {@code maxAge} (a model may have been pulled since), so a stream of unknown names
 * costs one reading a {@code maxAge}, whatever their number. Only the runtime's own list is kept:
 * no name a client sent is remembered.
 */
final class ListedModels {

  private final ModelReader runtime;
  private final Clock clock;
  private final Duration maxAge;
  private Optional<Set<ModelName>> listed = Optional.empty();
  private Instant readAt = Instant.MIN;

  ListedModels(ModelReader runtime, Clock clock, Duration maxAge) {
    this.runtime = runtime;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /**
   * Whether the runtime lists {@code model}; when the list cannot be read again, the last one read
   * answers.
   *
   * @throws ModelRuntimeException when the list was never read and cannot be read now
   */
  synchronized boolean contains(ModelName model) {
    if (listed.isPresent() && listed.get().contains(model)) {
      return true;
    }
    Instant now = clock.instant();
    if (listed.isPresent() && readAt.plus(maxAge).isAfter(now)) {
      return false;
    }
    readAt = now; // a failed reading is not retried sooner than a successful one
    try {
      listed = Optional.of(Set.copyOf(runtime.installedModels()));
    } catch (ModelRuntimeException e) {
      if (listed.isEmpty()) {
        throw e;
      }
    }
    return listed.get().contains(model);
  }
}
