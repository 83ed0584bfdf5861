package io.github.smartload.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ModelName;
import java.util.Map;
import java.util.Set;
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

    inFlight.guard(inFlight.busyBut(TARGET));
    assertThat(inFlight.tryEnter(BUSY)).isPresent();
    assertThat(inFlight.tryEnter(IDLE)).as("it may be the one being unloaded").isEmpty();

    inFlight.unguard();
    assertThat(inFlight.tryEnter(IDLE)).isPresent();
  }

  @Test
  void theTargetIsNeverAmongTheBusyModelsToKeep() {
    inFlight.tryEnter(TARGET).orElseThrow();
    inFlight.tryEnter(BUSY).orElseThrow();

    assertThat(inFlight.busyBut(TARGET)).containsExactly(BUSY);
  }

  @Test
  void aHeldModelTakesNoNewRequestsUntilEveryHoldIsReleased() {
    InFlight.Ticket running = inFlight.tryEnter(BUSY).orElseThrow();
    inFlight.hold(Set.of(BUSY));
    inFlight.hold(Set.of(BUSY));

    assertThat(inFlight.tryEnter(BUSY)).isEmpty();
    assertThat(inFlight.anyBusy(Set.of(BUSY, IDLE))).isTrue();
    running.close();
    assertThat(inFlight.anyBusy(Set.of(BUSY, IDLE))).isFalse();
    inFlight.release(Set.of(BUSY));
    assertThat(inFlight.tryEnter(BUSY)).isEmpty();
    inFlight.release(Set.of(BUSY));
    assertThat(inFlight.tryEnter(BUSY)).isPresent();
  }
}
