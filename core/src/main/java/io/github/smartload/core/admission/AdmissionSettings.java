package io.github.smartload.core.admission;

import io.github.smartload.core.KeepAlive;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How requests are admitted.
 *
 * @param keepAlive how long a model loaded for a request stays resident
 * @param strict refuse a model that cannot fit even after unloading, instead of loading it anyway
 * @param busyTimeout how long a load waits for busy (or young) models in its way
 * @param minResidency a model loaded more recently than this counts as busy for eviction, so that
 *     clients cycling more models than fit do not evict each other's on every request; zero is off
 * @param failOpen when memory cannot be read, let a load through unchecked instead of refusing it
 * @param fitContext when present, a request naming no context whose default does not fit gets the
 *     largest context that fits instead of unloading, never below this many tokens
 */
public record AdmissionSettings(
    KeepAlive keepAlive,
    boolean strict,
    Duration busyTimeout,
    Duration minResidency,
    boolean failOpen,
    OptionalInt fitContext) {

  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration DEFAULT_MIN_RESIDENCY = Duration.ZERO;

  public AdmissionSettings {
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(minResidency, "minResidency");
    Objects.requireNonNull(fitContext, "fitContext");
    if (fitContext.isPresent() && fitContext.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "the minimum context is a positive number of tokens, not " + fitContext.getAsInt());
    }
    if (busyTimeout.isNegative()) {
      throw new IllegalArgumentException("the busy timeout must not be negative: " + busyTimeout);
    }
    if (minResidency.isNegative()) {
      throw new IllegalArgumentException(
          "the minimum residency must not be negative: " + minResidency);
    }
  }

  /** Fails closed: memory that cannot be read refuses loads. */
  public AdmissionSettings(
      KeepAlive keepAlive, boolean strict, Duration busyTimeout, Duration minResidency) {
    this(keepAlive, strict, busyTimeout, minResidency, false, OptionalInt.empty());
  }

  public AdmissionSettings withFailOpen(boolean value) {
    return new AdmissionSettings(keepAlive, strict, busyTimeout, minResidency, value, fitContext);
  }

  /** Fit a request's context to memory, never below {@code minContext} tokens. */
  public AdmissionSettings withFitContext(int minContext) {
    return new AdmissionSettings(
        keepAlive, strict, busyTimeout, minResidency, failOpen, OptionalInt.of(minContext));
  }

  public static AdmissionSettings defaults() {
    return new AdmissionSettings(
        KeepAlive.DEFAULT, false, DEFAULT_BUSY_TIMEOUT, DEFAULT_MIN_RESIDENCY);
  }
}
