package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeepAliveTest {

  @ParameterizedTest
  @CsvSource({
    "15m, PT15M",
    "1h30m, PT1H30M",
    "0s, PT0S",
    "0, PT0S",
    "-1m, PT-1M",
    "1.5h, PT1H30M",
    "300ms, PT0.3S",
    "2h45m30.5s, PT2H45M30.5S"
  })
  void parsesGoDurations(String text, String iso) {
    assertThat(KeepAlive.parse(text).duration()).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"300", "15", "15 m", "m", "1d", "", "abc", "15m junk"})
  void rejectsWhatOllamaRejects(String text) {
    assertThatThrownBy(() -> KeepAlive.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void saysHowToWriteADuration() {
    assertThatThrownBy(() -> KeepAlive.parse("300"))
        .hasMessageStartingWith("'300' is not a duration: use a number with a unit");
  }

  @Test
  void rejectsADurationBeyondGosLimitInsteadOfWrappingAround() {
    // 3,000,000 h overflows Go's int64 nanoseconds (at most about 2,562,047 h), and wrapped
    // around it turned into a negative duration: a model pinned forever.
    assertThatThrownBy(() -> KeepAlive.parse("3000000h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'3000000h' is too long");
    assertThat(KeepAlive.parse("2562047h").duration()).isEqualTo(Duration.ofHours(2562047));
  }

  @ParameterizedTest
  @CsvSource({"PT15M, 15m", "PT1H30M, 1h30m", "PT0S, 0s", "PT-1S, -1s", "PT0.25S, 0.25s"})
  void writesTheGoFormOllamaAccepts(String iso, String go) {
    assertThat(new KeepAlive(Duration.parse(iso)).toGoDuration()).isEqualTo(go);
  }

  @Test
  void negativeMeansForever() {
    assertThat(KeepAlive.parse("-1m").isForever()).isTrue();
    assertThat(KeepAlive.DEFAULT.isForever()).isFalse();
    assertThat(KeepAlive.DEFAULT).hasToString("15m");
  }
}
