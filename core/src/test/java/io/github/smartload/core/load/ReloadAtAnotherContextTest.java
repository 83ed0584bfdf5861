package io.github.smartload.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.footprint.ModelFacts;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.core.size.Requirements;
import io.github.smartload.core.size.TableThenRuntime;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A model resident at one context and asked for at another is no "already loaded": Ollama reloads
 * it at the new context, so the load is decided as one of the model at that context, its resident
 * copy counted as leaving (issue 11).
 */
class ReloadAtAnotherContextTest {

  private static final ModelName LLAMA = ModelName.parse("llama3.1:8b");

  private final ManualTime time = ManualTime.at("2026-11-30T10:00:00Z");

  /** 32 GB; llama3.1:8b resident at 4096 tokens (5.8 GB) beside qwen3:8b (5.7 GB); 8 GB free. */
  private final SimulatedMemory memory = new SimulatedMemory("32", "19.5");

  private final InMemoryRuntime runtime =
      new InMemoryRuntime(time, memory)
          .install("llama3.1:8b", new InstalledModel("sha256:1", llama8b(), OptionalInt.empty()))
          .residentAt("llama3.1:8b", "5.8", 4096, Duration.ofMinutes(10))
          .resident("qwen3:8b", "5.7", Duration.ofMinutes(5));

  private static ModelFacts llama8b() {
    return io.github.smartload.core.footprint.Models.llama31_8b();
  }

  private SmartLoader loader() {
    LoadPolicy policy = LoadPolicy.defaults();
    return SmartLoader.builder(memory, runtime)
        .policy(policy)
        .requirements(
            new Requirements(
                new TableThenRuntime(policy.sizeTable(), policy.sizeSource(), runtime),
                runtime,
                policy.margin(),
                EstimateMode.AUTO,
                ServerSettings.defaults()))
        .time(time, time)
        .unloadDeadline(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(500))
        .build();
  }

  @Test
  void atTheContextItRunsAtItIsAlreadyLoaded() {
    LoadResult result = loader().load(LoadRequest.of(LLAMA).withNumCtx(4096), LoadListener.NONE);

    assertThat(result.decision()).isInstanceOf(Decision.AlreadyLoaded.class);
    assertThat(runtime.calls()).noneMatch(call -> call.startsWith("load "));
  }

  @Test
  void atALongerContextItIsReloadedThereCountingItsCopyAsLeaving() {
    // 32768 tokens: 5.0 GB weights + 4.3 GB KV + 0.3 GB buffers = 9.6 GB; 8.0 + 5.8 free then.
    LoadResult result = loader().load(LoadRequest.of(LLAMA).withNumCtx(32768), LoadListener.NONE);

    assertThat(result.decision()).isInstanceOf(Decision.Fits.class);
    assertThat(result.decision().check().available()).isEqualTo(ByteSize.ofGigabytes("13.8"));
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(runtime.calls()).contains("load llama3.1:8b 15m num_ctx 32768");
    assertThat(runtime.residentNames())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("llama3.1:8b", "qwen3:8b");
  }

  @Test
  void atAContextTooLargeBesideTheOthersTheOthersMakeRoom() {
    // 65536 tokens: 8.6 GB of KV; 13.8 GB would not hold 14.0 GB, unloading qwen3:8b does.
    LoadResult result = loader().load(LoadRequest.of(LLAMA).withNumCtx(65536), LoadListener.NONE);

    assertThat(result.decision()).isInstanceOf(Decision.Unload.class);
    assertThat(result.decision().toUnload())
        .extracting(model -> model.name().toString())
        .containsExactly("qwen3:8b");
    assertThat(runtime.calls()).contains("unload qwen3:8b", "load llama3.1:8b 15m num_ctx 65536");
  }
}
