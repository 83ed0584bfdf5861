package io.github.smartload.core.load;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How loads and unloads wait: the clock and the sleeper (tests pass a fake pair, so waiting is
 * instant), how long unloaded models may take to leave, and how often the runtime is polled.
 */
public record LoadTiming(Clock clock, Sleeper sleeper, Duration unloadDeadline, Duration poll) {

  /** Long enough for a generation still running on the model being unloaded to finish. */
  public static final Duration DEFAULT_UNLOAD_DEADLINE = Duration.ofSeconds(120);

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

  public LoadTiming {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    if (unloadDeadline.isNegative() || unloadDeadline.isZero()) {
      throw new IllegalArgumentException("the unload deadline must be positive: " + unloadDeadline);
    }
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("the poll interval must be positive: " + poll);
    }
  }

  /** The system clock, real sleeps, 120 s to unload, a poll every 250 ms. */
  public static LoadTiming defaults() {
    return new LoadTiming(
        Clock.systemUTC(), Sleeper.THREAD, DEFAULT_UNLOAD_DEADLINE, DEFAULT_POLL_INTERVAL);
  }

  public LoadTiming withTime(Clock clockValue, Sleeper sleeperValue) {
    return new LoadTiming(clockValue, sleeperValue, unloadDeadline, poll);
  }

  public LoadTiming withUnloadDeadline(Duration value) {
    return new LoadTiming(clock, sleeper, value, poll);
  }

  public LoadTiming withPoll(Duration value) {
    return new LoadTiming(clock, sleeper, unloadDeadline, value);
  }
}
