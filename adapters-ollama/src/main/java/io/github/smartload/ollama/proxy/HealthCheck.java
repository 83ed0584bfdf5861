package io.github.smartload.ollama.proxy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code /smartload/health} within a second: one check at a time runs on its own thread; a caller
 * waits for it briefly, and when it is not ready answers from the last finished check, with its
 * age. A hung Ollama thus delays no health answer, and piles up no checks.
 */
final class HealthCheck {

  /** How long a caller waits for a fresh check before answering from the last one. */
  static final Duration PATIENCE = Duration.ofMillis(700);

  /**
   * How long a caller waits when no check has finished yet (the first health call), as there is
   * nothing to answer from. No check runs before one is asked for: Ollama sees no call it did not
   * cause.
   */
  static final Duration FIRST_PATIENCE = Duration.ofSeconds(10);

  /** One finished check and when it finished. */
  private record Known(StatusPage.Health health, Instant at) {}

  private final Supplier<StatusPage.Health> check;
  private final Executor executor;
  private final Clock clock;
  private CompletableFuture<Known> running;
  private Known last;

  HealthCheck(Supplier<StatusPage.Health> check, Executor executor, Clock clock) {
    this.check = check;
    this.executor = executor;
    this.clock = clock;
  }

  /** The JSON answer and whether it says healthy. */
  record Answer(boolean ok, String json) {}

  Answer answer() throws InterruptedException {
    CompletableFuture<Known> pending = start();
    try {
      Duration patience = lastKnown() == null ? FIRST_PATIENCE : PATIENCE;
      Known fresh = pending.get(patience.toMillis(), TimeUnit.MILLISECONDS);
      return render(fresh, true);
    } catch (TimeoutException e) {
      Known known = lastKnown();
      if (known == null) {
        return new Answer(
            false,
            StatusPage.healthJson(
                "unknown",
                "no health check has finished yet; the first is waiting for Ollama",
                false,
                0));
      }
      return render(known, false);
    } catch (ExecutionException e) {
      // The check turns every expected failure into an unhealthy answer: this is a bug.
      throw new IllegalStateException("the health check failed: " + e.getCause(), e.getCause());
    }
  }

  private Answer render(Known known, boolean fresh) {
    long age = Math.max(0, Duration.between(known.at(), clock.instant()).toSeconds());
    StatusPage.Health health = known.health();
    return new Answer(
        health.ok(),
        StatusPage.healthJson(health.status(), health.error().orElse(null), fresh, age));
  }

  /** The check under way, or a new one when none is. */
  private synchronized CompletableFuture<Known> start() {
    if (running == null || running.isDone()) {
      running =
          CompletableFuture.supplyAsync(
              () -> {
                Known known = new Known(check.get(), clock.instant());
                finished(known);
                return known;
              },
              executor);
    }
    return running;
  }

  private synchronized void finished(Known known) {
    last = known;
  }

  private synchronized Known lastKnown() {
    return last;
  }
}
