package io.github.smartload.ollama.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.ollama.soak.Tally.Client;
import io.github.smartload.ollama.soak.Tally.Outcome;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TallyTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final Tally tally = new Tally(now::get);

  @Test
  void latencyQuantilesCountOnlyOrdinaryRequestsServedWhole() {
    for (int ms = 1; ms <= 100; ms++) {
      tally.add(Outcome.served(Client.CHAT_STREAM, 200, ms * 1_000_000L));
    }
    tally.add(Outcome.served(Client.SLOW_READER, 200, 9_000_000_000L)); // slow on purpose
    tally.add(Outcome.failed(Client.CHAT_STREAM, "502 cannot reach Ollama", 8_000_000_000L));

    assertThat(tally.quantileMillis(0.50)).isEqualTo(50.0);
    assertThat(tally.quantileMillis(0.99)).isEqualTo(99.0);
    assertThat(tally.timedCount()).isEqualTo(100);
    assertThat(tally.requests()).isEqualTo(102);
    assertThat(tally.served()).isEqualTo(101);
  }

  @Test
  void listsEveryResultButSuccessMostFrequentFirstWithTheKindsThatSawIt() {
    tally.add(Outcome.served(Client.HEALTH, 200, 1));
    tally.add(Outcome.failed(Client.UNKNOWN_MODEL, "404 model not found", 1));
    tally.add(Outcome.failed(Client.CHAT_STREAM, "502 cannot reach Ollama", 1));
    now.addAndGet(61_000_000_000L);
    tally.add(Outcome.failed(Client.EMBED, "502 cannot reach Ollama", 1));

    assertThat(tally.errorLines())
        .containsExactly(
            "     2  502 cannot reach Ollama  [chat-stream=1, embed=1; first at 0:00, 1:01]",
            "     1  404 model not found  [unknown-model=1; first at 0:00]");
    assertThat(tally.servedByKind()).isEqualTo("health=1");
  }

  @Test
  void noLatencyIsNotANumber() {
    assertThat(tally.quantileMillis(0.5)).isNaN();
  }
}
