package io.github.smartload.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.SizeTable;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import org.junit.jupiter.api.Test;

class TableThenRuntimeTest {

  private final InMemoryRuntime runtime =
      new InMemoryRuntime(ManualTime.at("2026-11-30T10:00:00Z"), new SimulatedMemory("32", "25"))
          .install("qwen2.5:32b", "20")
          .install("llama3.3:70b", "42");

  private ModelSize sizeOf(SizeSource source, String model) {
    return new TableThenRuntime(SizeTable.defaults(), source, runtime)
        .sizeOf(ModelName.parse(model));
  }

  @Test
  void theTableIsKnownAndWinsOverTheRuntimesFigure() {
    assertThat(sizeOf(SizeSource.TABLE_AND_RUNTIME, "qwen2.5:32b"))
        .isEqualTo(new ModelSize.Known(ByteSize.ofGigabytes("19"), ModelSize.Source.TABLE));
  }

  @Test
  void anUnlistedInstalledModelIsEstimatedFromTheRuntime() {
    assertThat(sizeOf(SizeSource.TABLE_AND_RUNTIME, "llama3.3:70b"))
        .isEqualTo(new ModelSize.Estimated(ByteSize.ofGigabytes("42"), ModelSize.Source.RUNTIME));
  }

  @Test
  void aModelKnownNowhereIsUnknownUnlessTheTableModeAssumesItSmall() {
    assertThat(sizeOf(SizeSource.TABLE_AND_RUNTIME, "nosuch:7b"))
        .isEqualTo(new ModelSize.Unknown(ModelName.parse("nosuch:7b")));
    assertThat(sizeOf(SizeSource.TABLE, "nosuch:7b").bytes()).contains(ByteSize.ZERO);
  }
}
