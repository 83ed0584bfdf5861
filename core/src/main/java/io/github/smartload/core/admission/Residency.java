package io.github.smartload.core.admission;

import io.github.smartload.core.ModelName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When each model was last loaded through the admission, so that one loaded less than the minimum
 * residency ago is not the first to go again: with three clients cycling three models that fit two
 * at a time, the model just loaded would otherwise be evicted on the next request.
 */
final class Residency {

  private final Clock clock;
  private final Duration minimum;
  private final Map<ModelName, Instant> loadedAt = new HashMap<>();

  Residency(Clock clock, Duration minimum) {
    this.clock = clock;
    this.minimum = minimum;
  }

  synchronized void loaded(ModelName model) {
    if (!minimum.isZero()) {
      loadedAt.put(model, clock.instant());
    }
  }

  /** The runtime was lost (died, restarted): none of the models it held is young any more. */
  synchronized void forgetAll() {
    loadedAt.clear();
  }

  synchronized void left(ModelName model) {
    loadedAt.remove(model);
  }

  /** The models loaded less than the minimum residency ago, but {@code target}. */
  synchronized Set<ModelName> youngBut(ModelName target) {
    Instant cutoff = clock.instant().minus(minimum);
    loadedAt.values().removeIf(at -> !at.isAfter(cutoff));
    return loadedAt.keySet().stream()
        .filter(model -> !model.equals(target))
        .collect(Collectors.toUnmodifiableSet());
  }
}
