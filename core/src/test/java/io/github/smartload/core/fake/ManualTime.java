package io.github.smartload.core.fake;

import io.github.smartload.core.load.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when something sleeps on it, so waiting in tests is instant and exact.
 */
public final class ManualTime extends Clock implements Sleeper {

  private Instant now;
  private final List<Runnable> onSleep = new ArrayList<>();

  public ManualTime(Instant start) {
    this.now = start;
  }

  public static ManualTime at(String instant) {
    return new ManualTime(Instant.parse(instant));
  }

  /** Runs {@code action} after each sleep, e.g. to let a fake runtime finish an unload. */
  public ManualTime onSleep(Runnable action) {
    onSleep.add(action);
    return this;
  }

  @Override
  public void sleep(Duration duration) {
    now = now.plus(duration);
    onSleep.forEach(Runnable::run);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("ManualTime is UTC only");
  }
}
