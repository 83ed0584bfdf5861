package io.github.smartload.core;

import java.time.Duration;
import java.util.Locale;

/** Durations as the log and the messages show them: {@code 2m}, {@code 1m30s}, {@code 0.5s}. */
public final class Durations {

  private Durations() {}

  /**
   * The short form of {@code duration}, lower-cased with {@link Locale#ROOT} so that a Turkish
   * machine prints {@code 2m30s}, not a dotless i in {@code PT}'s letters' place.
   */
  public static String brief(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
