package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ModelName;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {

  private static final ModelName BUSY = ModelName.parse("qwen3:8b");
  private static final ModelName IDLE = ModelName.parse("qwen2.5:14b");
  private static final ModelName TARGET = ModelName.parse("qwen2.5:32b");

  private final InFlight inFlight = new InFlight();

  @Test
  void aTicketCountsOnceHoweverOftenItIsClosed() {
    InFlight.Ticket ticket = inFlight.tryEnter(BUSY).orElseThrow();
    inFlight.tryEnter(BUSY).orElseThrow();
    assertThat(inFlight.snapshot()).isEqualTo(Map.of("qwen3:8b", 2));

    ticket.close();
    ticket.close();

    assertThat(inFlight.snapshot()).isEqualTo(Map.of("qwen3:8b", 1));
  }

  @Test
  void whileADecisionMayUnloadOnlyModelsItKeepsSkipTheQueue() {
    inFlight.tryEnter(BUSY).orElseThrow();

    assertThat(inFlight.guard(TARGET)).containsExactly(BUSY);
    assertThat(inFlight.tryEnter(BUSY)).isPresent();
    assertThat(inFlight.tryEnter(IDLE)).as("it may be the one being unloaded").isEmpty();

    inFlight.unguard();
    assertThat(inFlight.tryEnter(IDLE)).isPresent();
  }

  @Test
  void theTargetIsNeverAmongTheModelsToKeep() {
    inFlight.tryEnter(TARGET).orElseThrow();

    assertThat(inFlight.guard(TARGET)).isEmpty();
  }

  @Test
  void waitingForIdleHoldsBackNewRequestsForThoseModelsAndEndsWhenTheLastFinishes()
      throws Exception {
    InFlight.Ticket running = inFlight.tryEnter(BUSY).orElseThrow();
    CompletableFuture<Boolean> idle =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return inFlight.awaitIdle(Set.of(BUSY), Duration.ofSeconds(10), () -> false);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inFlight
        .tryEnter(BUSY)
        .map(
            t -> {
              t.close();
              return true;
            })
        .orElse(false)) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(idle).isNotDone();

    running.close();

    assertThat(idle.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(inFlight.tryEnter(BUSY)).isPresent();
  }

  @Test
  void waitingForIdleGivesUpAtTheTimeoutOrWhenTheClientLeaves() throws Exception {
    inFlight.tryEnter(BUSY).orElseThrow();

    assertThat(inFlight.awaitIdle(Set.of(BUSY), Duration.ZERO, () -> false)).isFalse();
    assertThat(inFlight.awaitIdle(Set.of(BUSY), Duration.ofSeconds(10), () -> true)).isFalse();
    assertThat(inFlight.tryEnter(BUSY)).as("no longer held back").isPresent();
  }
}
