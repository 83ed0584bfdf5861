package io.github.smartload.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.Requirement;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.SizeTable;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.footprint.ModelFacts;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.core.size.Requirements;
import io.github.smartload.core.size.TableThenRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Loads decided by the footprint at the model's context, against the margin's answer. */
class FootprintDecisionTest {

  private final ManualTime time = ManualTime.at("2026-11-30T10:00:00Z");
  private final List<LoadEvent> events = new ArrayList<>();

  private static ModelFacts llama8b() {
    return ModelFacts.builder()
        .architecture("llama")
        .fileSize(ByteSize.ofGigabytes("5.2"))
        .blockCount(32)
        .headCountKv(8)
        .embeddingLength(4096)
        .headCount(32)
        .vocabSize(128256)
        .trainedContextLength(131072)
        .quantization("Q4_K_M")
        .tiedEmbeddings(false)
        .build();
  }

  private InMemoryRuntime runtime(SimulatedMemory memory) {
    return new InMemoryRuntime(time, memory)
        .install("shaped:8b", new InstalledModel("sha256:1", llama8b(), OptionalInt.empty()))
        .resident("other:7b", "6", Duration.ofMinutes(10));
  }

  private SmartLoader loader(SimulatedMemory memory, InMemoryRuntime runtime, EstimateMode mode) {
    LoadPolicy policy = LoadPolicy.defaults();
    Requirements requirements =
        new Requirements(
            new TableThenRuntime(SizeTable.defaults(), SizeSource.TABLE_AND_RUNTIME, runtime),
            runtime,
            policy.margin(),
            mode,
            ServerSettings.defaults());
    return SmartLoader.builder(memory, runtime)
        .policy(policy)
        .requirements(requirements)
        .time(time, time)
        .unloadDeadline(Duration.ofSeconds(10))
        .build();
  }

  private static LoadRequest at(int numCtx) {
    return LoadRequest.of(ModelName.parse("shaped:8b")).withNumCtx(numCtx);
  }

  @Test
  void aLongContextTheMarginLetsIntoSwapUnloadsFirstByFootprint() {
    // 16 GB free before the resident 6 GB model: 10 GB available, 16 GB after unloading it.
    SimulatedMemory memory = new SimulatedMemory("32", "16");
    LoadRequest request = at(65536).withSize(ByteSize.ofGigabytes("5.2"));
    Decision byMargin = loader(memory, runtime(memory), EstimateMode.MARGIN).plan(request, e -> {});
    SimulatedMemory fresh = new SimulatedMemory("32", "16");
    InMemoryRuntime runtime = runtime(fresh);

    LoadResult byFootprint = loader(fresh, runtime, EstimateMode.AUTO).load(request, e -> {});

    assertThat(byMargin.kind()).isEqualTo("fits");
    assertThat(byMargin.check().required()).isEqualTo(ByteSize.ofGigabytes("6.24"));
    assertThat(byFootprint.decision().kind()).isEqualTo("unload");
    // 32 layers x 8 KV heads x 256 values x 2 bytes per token, at 65536 tokens
    assertThat(byFootprint.decision().check().required().bytes())
        .isGreaterThan(65536L * 32 * 8 * 256 * 2 + 5_200_000_000L);
    assertThat(runtime.calls()).contains("unload other:7b", "load shaped:8b 15m num_ctx 65536");
  }

  @Test
  void aShortContextTheMarginWouldUnloadForFitsByFootprint() {
    SimulatedMemory memory = new SimulatedMemory("32", "12");
    SimulatedMemory same = new SimulatedMemory("32", "12");
    LoadRequest request = at(2048).withSize(ByteSize.ofGigabytes("5.2"));
    Decision byMargin = loader(memory, runtime(memory), EstimateMode.MARGIN).plan(request, e -> {});

    Decision byFootprint =
        loader(same, runtime(same), EstimateMode.AUTO).plan(request, events::add);

    assertThat(byMargin.kind()).isEqualTo("unload");
    assertThat(byFootprint.kind()).isEqualTo("fits");
    LoadEvent.Decided decided = (LoadEvent.Decided) events.get(events.size() - 1);
    Estimate.ByFootprint estimate = (Estimate.ByFootprint) decided.estimate().orElseThrow();
    assertThat(estimate.context().numCtx()).isEqualTo(2048);
    assertThat(estimate.requirement().rule()).isEqualTo(Requirement.Rule.FOOTPRINT);
  }

  @Test
  void aSmallModelIsCheckedAgainstMemoryWhenItsFootprintIsKnown() {
    SimulatedMemory memory = new SimulatedMemory("32", "14");
    SimulatedMemory same = new SimulatedMemory("32", "14");
    LoadRequest request = at(65536).withSize(ByteSize.ofGigabytes("1.4"));

    Decision byMargin = loader(memory, runtime(memory), EstimateMode.MARGIN).plan(request, e -> {});
    Decision byFootprint = loader(same, runtime(same), EstimateMode.AUTO).plan(request, e -> {});

    assertThat(byMargin.kind()).isEqualTo("small-model");
    assertThat(byFootprint.kind()).isEqualTo("unload");
  }

  /**
   * A library user's loader with no requirements given: the footprint where the runtime tells the
   * model's facts (the short context fits, as {@link EstimateMode#AUTO} decides), the seed's size x
   * margin when asked for with {@link Requirements#byMargin}.
   */
  @Test
  void theBuildersDefaultDecidesByFootprintAndTheMarginIsAskedFor() {
    SimulatedMemory memory = new SimulatedMemory("32", "12");
    InMemoryRuntime runtime = runtime(memory);
    LoadRequest request = at(2048).withSize(ByteSize.ofGigabytes("5.2"));
    SmartLoader.Builder builder = SmartLoader.builder(memory, runtime).time(time, time);

    Decision byDefault = builder.build().plan(request, events::add);
    Decision byMargin =
        builder
            .requirements(
                Requirements.byMargin(
                    new TableThenRuntime(
                        SizeTable.defaults(), SizeSource.TABLE_AND_RUNTIME, runtime),
                    runtime,
                    LoadPolicy.DEFAULT_MARGIN))
            .build()
            .plan(request, e -> {});

    assertThat(byDefault.kind()).isEqualTo("fits");
    LoadEvent.Decided decided = (LoadEvent.Decided) events.get(events.size() - 1);
    assertThat(decided.estimate().orElseThrow()).isInstanceOf(Estimate.ByFootprint.class);
    assertThat(byMargin.kind()).isEqualTo("unload");
    assertThat(byMargin.check().required()).isEqualTo(ByteSize.ofGigabytes("6.24"));
  }
}
