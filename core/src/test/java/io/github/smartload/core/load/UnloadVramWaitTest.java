package io.github.smartload.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After an unload, the VRAM the models held is awaited as RAM is: until it is back, or has not
 * risen for the settle time, within the unload deadline. On a manual clock, polling every 500 ms.
 */
class UnloadVramWaitTest {

  private static final ByteSize GIB = ByteSize.ofBytes(1L << 30);

  private final ManualTime time = ManualTime.at("2026-11-30T10:00:00Z");
  private final Instant start = time.instant();
  private final SimulatedMemory memory = new SimulatedMemory("32", "20");

  /** A 24 GiB GPU whose free memory follows {@code freeGib}, one value a reading, the last kept. */
  private static final class ScriptedGpu implements GpuProbe {
    private final List<Long> freeGib;
    private final List<Instant> reads = new ArrayList<>();
    private final ManualTime time;
    private boolean failing;

    ScriptedGpu(ManualTime time, Long... freeGib) {
      this.time = time;
      this.freeGib = List.of(freeGib);
    }

    @Override
    public List<GpuDevice> devices() {
      if (failing) {
        throw new GpuProbeException("nvidia-smi failed");
      }
      long free = freeGib.get(Math.min(reads.size(), freeGib.size() - 1));
      reads.add(time.instant());
      ByteSize total = ByteSize.ofBytes(24 * GIB.bytes());
      ByteSize freeBytes = ByteSize.ofBytes(free * GIB.bytes());
      return List.of(
          new GpuDevice(
              0,
              "GPU-0",
              "RTX 4090",
              total,
              total.minusOrZero(freeBytes),
              freeBytes,
              GpuDevice.Kind.DISCRETE,
              "CUDA"));
    }
  }

  private UnloadResult unloadAll(InMemoryRuntime runtime, GpuProbe gpus, Duration deadline) {
    return SmartLoader.builder(memory, runtime)
        .gpus(gpus)
        .time(time, time)
        .unloadDeadline(deadline)
        .pollInterval(Duration.ofMillis(500))
        .buildUnloader()
        .unload(UnloadRequest.all(), event -> {});
  }

  private InMemoryRuntime holdingSixteenGibOfVram() {
    // 17 GiB in all, 16 GiB of it on the GPU: 16 GiB of VRAM come back when it leaves.
    return new InMemoryRuntime(time, memory)
        .residentOnGpu("qwen2.5:32b", "18.253611008", "17.179869184", Duration.ofMinutes(10));
  }

  @Test
  void waitsUntilTheVramTheModelHeldIsBack() {
    ScriptedGpu gpu = new ScriptedGpu(time, 4L, 4L, 4L, 9L, 15L, 20L, 20L);

    UnloadResult result = unloadAll(holdingSixteenGibOfVram(), gpu, Duration.ofSeconds(60));

    assertThat(result.unloaded()).hasSize(1);
    // before the unload: 4 free; back when 4 + 16 = 20 are: the sixth reading, 2 s in.
    assertThat(gpu.reads).hasSize(6);
    assertThat(time.instant()).isEqualTo(start.plusMillis(2000));
  }

  @Test
  void stopsWaitingOnceTheVramHasNotRisenForTheSettleTime() {
    // The driver gives back only 8 of the 16 GiB (a reading short of the runtime's figure).
    ScriptedGpu gpu = new ScriptedGpu(time, 4L, 4L, 4L, 12L);

    unloadAll(holdingSixteenGibOfVram(), gpu, Duration.ofSeconds(60));

    // Rose at the third reading (1 s in), then flat for 2 s: done at 3 s.
    assertThat(time.instant()).isEqualTo(start.plusMillis(3000));
    assertThat(gpu.reads).last().isEqualTo(start.plusMillis(3000));
  }

  @Test
  void waitsNoLongerThanTheUnloadDeadline() {
    Long[] rising = new Long[40];
    for (int i = 0; i < rising.length; i++) {
      rising[i] = 1L + i / 2; // a little more every second, never the 17 GiB expected
    }
    ScriptedGpu gpu = new ScriptedGpu(time, rising);

    unloadAll(holdingSixteenGibOfVram(), gpu, Duration.ofSeconds(5));

    assertThat(time.instant()).isEqualTo(start.plusSeconds(5));
  }

  @Test
  void readsNoGpuWhenTheUnloadedModelsHeldNoVram() {
    ScriptedGpu gpu = new ScriptedGpu(time, 4L);
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory).resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    unloadAll(runtime, gpu, Duration.ofSeconds(60));

    assertThat(gpu.reads).isEmpty();
  }

  @Test
  void aFailingGpuToolEndsTheWaitButNotTheUnload() {
    ScriptedGpu gpu = new ScriptedGpu(time, 4L);
    InMemoryRuntime runtime = holdingSixteenGibOfVram();
    gpu.failing = true;

    UnloadResult result = unloadAll(runtime, gpu, Duration.ofSeconds(60));

    assertThat(result.unloaded()).hasSize(1);
    assertThat(result.failed()).isEmpty();
    assertThat(time.instant()).isEqualTo(start);
  }
}
