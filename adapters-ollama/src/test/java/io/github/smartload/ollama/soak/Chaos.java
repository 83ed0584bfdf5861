package io.github.smartload.ollama.soak;

import io.github.smartload.ollama.fake.FakeOllama;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream's bad moments, each once a minute from the start of the run: at 0:15 Ollama stalls
 * for 4 s (as under {@code kill -STOP}), at 0:30 it is killed and restarted 2 s later, at 0:45 the
 * next load kills it (as the OOM killer would) and it is restarted 2 s after it died.
 */
final class Chaos {

  private static final Duration STALL = Duration.ofSeconds(4);
  private static final Duration DOWN = Duration.ofSeconds(2);
  private static final Duration ARMED_DEATH_WAIT = Duration.ofSeconds(15);

  private final FakeOllama fake;
  private final long start;
  private final List<String> events = new ArrayList<>();

  Chaos(FakeOllama fake, long startNanos) {
    this.fake = fake;
    this.start = startNanos;
  }

  /** Runs the events due before {@code endNanos} (none that could not finish by then). */
  void runUntil(long endNanos) throws InterruptedException {
    for (long minute = 0; ; minute++) {
      long base = start + Duration.ofMinutes(minute).toNanos();
      if (!at(base + seconds(15), endNanos, this::stall)
          || !at(base + seconds(30), endNanos, this::killAndRestart)
          || !at(base + seconds(45), endNanos, this::deathDuringALoad)) {
        return;
      }
    }
  }

  List<String> events() {
    return List.copyOf(events);
  }

  private interface Event {
    void run() throws InterruptedException;
  }

  /** Waits until {@code when} and runs the event, unless it could not end before {@code end}. */
  private boolean at(long when, long end, Event event) throws InterruptedException {
    if (when + seconds(10) > end) {
      return false;
    }
    while (System.nanoTime() < when) {
      Thread.sleep(Math.max(1, Math.min(1000, (when - System.nanoTime()) / 1_000_000)));
    }
    event.run();
    return true;
  }

  private void stall() throws InterruptedException {
    events.add(clock() + " stalled " + STALL.toSeconds() + " s");
    fake.freeze();
    Thread.sleep(STALL.toMillis());
    fake.thaw();
  }

  private void killAndRestart() throws InterruptedException {
    events.add(clock() + " killed, restarted " + DOWN.toSeconds() + " s later");
    fake.kill();
    Thread.sleep(DOWN.toMillis());
    fake.restart();
  }

  private void deathDuringALoad() throws InterruptedException {
    fake.dieDuringNextLoad();
    long deadline = System.nanoTime() + ARMED_DEATH_WAIT.toNanos();
    while (fake.isRunning() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    if (fake.isRunning()) {
      fake.kill(); // no load came: a plain kill instead, so that the run stays as planned
      events.add(clock() + " no load within 15 s to die in: killed instead");
    } else {
      events.add(clock() + " died during a load");
    }
    Thread.sleep(DOWN.toMillis());
    fake.restart();
  }

  private String clock() {
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }

  private static long seconds(long n) {
    return Duration.ofSeconds(n).toNanos();
  }
}
