package io.github.smartload.core.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The footprint against every run of the real llama.cpp engine in the truth file. */
class FootprintTruthTest {

  /**
   * llama.cpp logs buffers in MiB with two decimals, so a logged figure is off by 5 KiB at most.
   */
  private static final long LOG_ROUNDING = 5243;

  static List<TruthRow> rows() {
    return TruthRow.fromResource();
  }

  @Test
  void theTruthFileHoldsEveryRun() {
    assertThat(rows()).hasSize(60);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theKvCacheIsExactlyWhatLlamaCppAllocated(TruthRow row) {
    Footprint footprint = Footprint.estimate(row.facts(), row.settings()).footprint().orElseThrow();

    assertThat(footprint.kvCache().bytes())
        .isCloseTo(row.number("kv_buffer_bytes"), within(LOG_ROUNDING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theTotalIsWithinFivePercentOfWhatLlamaCppAllocated(TruthRow row) {
    Footprint footprint = Footprint.estimate(row.facts(), row.settings()).footprint().orElseThrow();

    double error = Math.abs(footprint.total().bytes() - row.measuredTotal()) * 100.0;
    assertThat(error / row.measuredTotal()).as("percent off %s", footprint).isLessThan(5.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theOutputBufferIsOneRowOfLogitsPerSequence(TruthRow row) {
    Footprint footprint = Footprint.estimate(row.facts(), row.settings()).footprint().orElseThrow();

    assertThat(footprint.outputBuffer().bytes())
        .isCloseTo(row.number("output_buffer_bytes"), within(LOG_ROUNDING));
  }
}
