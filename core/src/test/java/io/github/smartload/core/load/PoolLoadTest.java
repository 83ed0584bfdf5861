package io.github.smartload.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedGpu;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import io.github.smartload.core.port.LoadEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A load with GPUs when the GPU tool fails, and when the VRAM does not come back. */
class PoolLoadTest {

  private static final ByteSize GIB = ByteSize.ofBytes(1L << 30);

  private final ManualTime time = ManualTime.at("2026-11-30T10:00:00Z");
  private final List<LoadEvent> events = new ArrayList<>();

  private SmartLoader loader(
      SimulatedMemory memory, InMemoryRuntime runtime, GpuProbe gpus, LoadPolicy policy) {
    return SmartLoader.builder(memory, runtime)
        .policy(policy)
        .gpus(gpus)
        .time(time, time)
        .pollInterval(Duration.ofMillis(250))
        .unloadDeadline(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void aFailingGpuToolDecidesAgainstRamAloneAndSaysWhyInOneLine() {
    // 20 GB x 1.2 = 24 GB needed, 30 GB available: fits by RAM alone.
    SimulatedMemory memory = new SimulatedMemory("32", "30");
    InMemoryRuntime runtime = new InMemoryRuntime(time, memory).install("big:20b", "20");
    GpuProbe failing =
        () -> {
          throw new GpuProbeException("nvidia-smi cannot talk to the NVIDIA driver (exit 9)");
        };

    LoadResult result =
        loader(memory, runtime, failing, LoadPolicy.defaults().withPlacement(PlacementMode.GPU))
            .load(LoadRequest.of(ModelName.parse("big:20b")), events::add);

    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(result.decision()).isInstanceOf(Decision.Fits.class);
    assertThat(result.decision().check().pools()).isEmpty();
    assertThat(events)
        .filteredOn(LoadEvent.GpusUnreadable.class::isInstance)
        .singleElement()
        .extracting(e -> ((LoadEvent.GpusUnreadable) e).error())
        .isEqualTo("nvidia-smi cannot talk to the NVIDIA driver (exit 9)");
  }

  @Test
  void placedOnTheGpuNothingLoadsWhenTheVramDoesNotComeBack() {
    // 14 GB x 1.2 = 16.8 GB by margin: not within 13 - 1 GiB free, so the 12 GB resident goes;
    // the driver keeps its VRAM past the unload deadline.
    SimulatedMemory memory = new SimulatedMemory("32", "20");
    SimulatedGpu gpu =
        new SimulatedGpu("RTX 4090", ByteSize.ofBytes(24 * GIB.bytes()), ByteSize.ofGigabytes("13"))
            .lagging(10_000);
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .onGpu(gpu)
            .install("next:14b", "14")
            .residentOnGpu("old:12b", "12.5", "12", Duration.ofMinutes(5));

    LoadResult result =
        loader(memory, runtime, gpu, LoadPolicy.defaults().withPlacement(PlacementMode.GPU))
            .load(LoadRequest.of(ModelName.parse("next:14b")), events::add);

    assertThat(result.decision()).isInstanceOf(Decision.Unload.class);
    assertThat(result.unloaded()).extracting(m -> m.name().toString()).containsExactly("old:12b");
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.NO_ROOM);
    assertThat(runtime.calls()).noneMatch(call -> call.startsWith("load"));
    assertThat(events)
        .filteredOn(LoadEvent.PoolsAfter.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((LoadEvent.PoolsAfter) e).fits()).isFalse());
  }

  @Test
  void aStoppingModelIsAwaitedOnlyForTheRamThePlacementNeeds() {
    // 15 GB x 1.2 = 18 GB by margin, within 23 GB - 1 GiB free on the GPU: its RAM part is 0. A
    // 1 GB model is being stopped; RAM (10 GB available) never reaches the whole 18 GB, so waiting
    // for it would last until RAM stops rising (2 s), not for the RAM part (there at once).
    SimulatedMemory memory = new SimulatedMemory("16", "10");
    SimulatedGpu gpu =
        new SimulatedGpu(
            "RTX 4090", ByteSize.ofBytes(24 * GIB.bytes()), ByteSize.ofGigabytes("23"));
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .onGpu(gpu)
            .install("big:15b", "15")
            .pollsPerUnload(1)
            .resident("small:1b", "1", Duration.ofMinutes(5));
    runtime.unload(ModelName.parse("small:1b")); // someone else is stopping it
    Instant start = time.instant();

    LoadResult result =
        loader(memory, runtime, gpu, LoadPolicy.defaults())
            .load(LoadRequest.of(ModelName.parse("big:15b")), events::add);

    assertThat(result.decision()).isInstanceOf(Decision.Fits.class);
    assertThat(Duration.between(start, time.instant())).isLessThan(Duration.ofSeconds(1));
  }
}
