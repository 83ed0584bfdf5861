package io.github.smartload.core.admission;

import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.ModelRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The runtime's resident models, read at most once per {@code maxAge} so that a request for a
 * resident model costs no extra round trip. The coordinator invalidates it whenever it loads or
 * unloads; a model whose keep-alive runs out within the margin counts as gone.
 */
final class ResidentModels {

  private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(2);

  private final ModelRuntime runtime;
  private final Clock clock;
  private final Duration maxAge;
  private List<LoadedModel> models = List.of();
  private Instant readAt = Instant.MIN;

  ResidentModels(ModelRuntime runtime, Clock clock, Duration maxAge) {
    this.runtime = runtime;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** Whether {@code model} is resident and not about to expire; false when the runtime fails. */
  boolean contains(ModelName model) {
    Instant soon = clock.instant().plus(EXPIRY_MARGIN);
    return current()
        .map(
            list ->
                list.stream().anyMatch(m -> m.name().equals(model) && m.expiresAt().isAfter(soon)))
        .orElse(false);
  }

  /** The resident models now, or empty when the runtime cannot be asked. */
  synchronized Optional<List<LoadedModel>> current() {
    Instant now = clock.instant();
    if (readAt.plus(maxAge).isBefore(now)) {
      try {
        models = runtime.loadedModels();
        readAt = now;
      } catch (ModelRuntimeException e) {
        readAt = Instant.MIN;
        return Optional.empty();
      }
    }
    return Optional.of(models);
  }

  synchronized void invalidate() {
    readAt = Instant.MIN;
  }
}
