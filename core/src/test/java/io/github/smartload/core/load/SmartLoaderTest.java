package io.github.smartload.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.ModelNotInstalledException;
import io.github.smartload.core.ModelSizeUnknownException;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.UnloadFailure;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmartLoaderTest {

  private final ManualTime time = ManualTime.at("2026-11-27T10:00:00Z");
  private final List<LoadEvent> events = new ArrayList<>();

  /** The load and unload use cases over the same fakes, each call telling {@link #events}. */
  private final class Subject {
    private final SmartLoader loader;
    private final SmartUnloader unloader;

    Subject(SmartLoader.Builder builder) {
      this.loader = builder.build();
      this.unloader = builder.buildUnloader();
    }

    LoadResult load(ModelName model) {
      return loader.load(LoadRequest.of(model), events::add);
    }

    LoadResult load(LoadRequest request) {
      return loader.load(request, events::add);
    }

    Decision plan(LoadRequest request) {
      return loader.plan(request, events::add);
    }

    UnloadResult unload(UnloadRequest request) {
      return unloader.unload(request, events::add);
    }
  }

  private Subject loader(SimulatedMemory memory, ModelRuntime runtime, LoadPolicy policy) {
    return new Subject(
        SmartLoader.builder(memory, runtime)
            .policy(policy)
            .time(time, time)
            .unloadDeadline(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(500)));
  }

  private Subject loader(SimulatedMemory memory, ModelRuntime runtime) {
    return loader(memory, runtime, LoadPolicy.defaults());
  }

  private static ModelName name(String text) {
    return ModelName.parse(text);
  }

  @Test
  void scenarioOneLoadsASmallModelWithoutUnloading() {
    SimulatedMemory memory = new SimulatedMemory("32", "25.5");
    InMemoryRuntime runtime = new InMemoryRuntime(time, memory).install("qwen3:1.7b", "1.4");

    LoadResult result = loader(memory, runtime).load(name("qwen3:1.7b"));

    assertThat(result.decision().kind()).isEqualTo("small-model");
    assertThat(result.decision().check().required().gigabytes(2)).isEqualTo("1.68");
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(runtime.calls()).containsExactly("ps", "load qwen3:1.7b 15m");
  }

  @Test
  void nothingIsUnloadedForAModelTheRuntimeHasNotInstalledEvenOneInTheSizeTable() {
    SimulatedMemory memory = new SimulatedMemory("32", "18");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory).resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    assertThatThrownBy(() -> loader(memory, runtime).load(name("qwen2.5:32b")))
        .isInstanceOf(ModelNotInstalledException.class)
        .hasMessage("qwen2.5:32b is not installed");
    assertThat(runtime.calls())
        .noneMatch(call -> call.startsWith("unload") || call.startsWith("load"));
    assertThat(events).noneMatch(LoadEvent.Decided.class::isInstance);
  }

  @Test
  void scenarioTwoLoadsALargeModelBesideTheResidentOne() {
    SimulatedMemory memory = new SimulatedMemory("32", "27.5");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:14b", "9")
            .resident("qwen3:1.7b", "2.0", Duration.ofMinutes(10));

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:14b"));

    assertThat(result.decision().kind()).isEqualTo("fits");
    assertThat(result.decision().check().available().gigabytes(1)).isEqualTo("25.5");
    assertThat(result.decision().check().required().gigabytes(1)).isEqualTo("10.8");
    assertThat(result.unloaded()).isEmpty();
    assertThat(runtime.residentNames())
        .containsExactlyInAnyOrder(name("qwen3:1.7b"), name("qwen2.5:14b"));
  }

  @Test
  void scenarioThreeUnloadsWaitsForTheMemoryThenLoads() {
    SimulatedMemory memory = new SimulatedMemory("32", "23.7").lagging(1);
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .pollsPerUnload(2)
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    assertThat(result.decision().kind()).isEqualTo("unload");
    assertThat(result.decision().check().available().gigabytes(1)).isEqualTo("18.0");
    assertThat(result.decision().check().required().gigabytes(1)).isEqualTo("22.8");
    assertThat(result.unloaded()).extracting(m -> m.name().toString()).containsExactly("qwen3:8b");
    assertThat(result.failed()).isEmpty();
    assertThat(result.memoryAfter().orElseThrow().available().gigabytes(1)).isEqualTo("23.7");
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    // Unload, poll until the runtime lists it no more, and only then load.
    assertThat(runtime.calls())
        .containsExactly("ps", "unload qwen3:8b", "ps", "ps", "ps", "load qwen2.5:32b 15m");
    assertThat(events)
        .map(e -> e.getClass().getSimpleName())
        .containsExactly(
            "MemoryChecked",
            "Decided",
            "WaitingForUnload",
            "WaitingForUnload",
            "ModelUnloaded",
            "MemoryAfter",
            "LoadStarted",
            "ModelLoaded");
  }

  @Test
  void memoryThatComesBackSeveralReadingsLateIsAwaitedBeforeTheLoad() {
    // The runtime stops listing the model before the kernel has its memory back: one flat
    // reading right after is no sign that the memory came back as far as it will.
    SimulatedMemory memory = new SimulatedMemory("32", "23.7").lagging(3);
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    assertThat(result.memoryAfter().orElseThrow().available().gigabytes(1)).isEqualTo("23.7");
    assertThat(events)
        .filteredOn(LoadEvent.MemoryAfter.class::isInstance)
        .singleElement()
        .extracting(e -> ((LoadEvent.MemoryAfter) e).recovered())
        .isEqualTo(true);
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
  }

  @Test
  void memoryThatNeverComesBackIsAwaitedOnlyUntilItHoldsSteadyNotUntilTheDeadline() {
    SimulatedMemory memory = new SimulatedMemory("32", "16");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("mixtral:8x7b", "26")
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    java.time.Instant start = time.instant();

    LoadResult result = loader(memory, runtime).load(name("mixtral:8x7b"));

    assertThat(result.decision().kind()).isEqualTo("wont-fit");
    assertThat(Duration.between(start, time.instant())).isEqualTo(RuntimeWatch.MEMORY_SETTLE_TIME);
  }

  @Test
  void memoryThatDoesNotComeBackMeansNoRoomEvenWhenEveryUnloadSucceeded() {
    // As LoadResult.Outcome.NO_ROOM promises: loading onto 18.0 GB would go into swap.
    SimulatedMemory memory = new SimulatedMemory("32", "23.7").lagging(1_000);
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    assertThat(result.failed()).isEmpty();
    assertThat(result.memoryAfter().orElseThrow().available().gigabytes(1)).isEqualTo("18.0");
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.NO_ROOM);
    assertThat(runtime.calls()).doesNotContain("load qwen2.5:32b 15m");
  }

  @Test
  void aResidentTargetIsNeitherUnloadedNorReloaded() {
    SimulatedMemory memory = new SimulatedMemory("32", "20");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory).resident("qwen2.5:32b", "19", Duration.ofMinutes(10));

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.ALREADY_LOADED);
    assertThat(runtime.calls()).containsExactly("ps");
  }

  @Test
  void strictWontFitLoadsNothingAndUnloadsNothing() {
    SimulatedMemory memory = new SimulatedMemory("32", "16");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("mixtral:8x7b", "26")
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    LoadResult result =
        loader(memory, runtime).load(LoadRequest.of(name("mixtral:8x7b")).withStrict(true));

    assertThat(result.decision()).isInstanceOf(Decision.WontFit.class);
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.REFUSED);
    assertThat(runtime.calls()).containsExactly("ps");
  }

  @Test
  void nonStrictWontFitUnloadsEverythingAndLoadsAnywayAsTheOriginalDid() {
    SimulatedMemory memory = new SimulatedMemory("32", "16");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("mixtral:8x7b", "26")
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    LoadResult result = loader(memory, runtime).load(name("mixtral:8x7b"));

    assertThat(result.decision().kind()).isEqualTo("wont-fit");
    assertThat(result.unloaded()).hasSize(1);
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
  }

  @Test
  void oneFailedUnloadDoesNotStopTheOthersAndIsReported() {
    SimulatedMemory memory = new SimulatedMemory("64", "27.8");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10))
            .resident("llama3.1:8b", "5.5", Duration.ofMinutes(5))
            .refuseToUnload("qwen3:8b");

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    assertThat(runtime.calls()).contains("unload qwen3:8b", "unload llama3.1:8b");
    assertThat(result.unloaded())
        .extracting(m -> m.name().toString())
        .containsExactly("llama3.1:8b");
    assertThat(result.failed())
        .containsExactly(
            new UnloadFailure(
                name("qwen3:8b"),
                new UnloadFailure.RuntimeError("the runtime refused to unload qwen3:8b")));
    // 16.6 + 5.5 = 22.1 GB < 22.8 GB: no room, so the large model is not loaded into swap.
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.NO_ROOM);
    assertThat(events).filteredOn(LoadEvent.UnloadFailed.class::isInstance).hasSize(1);
  }

  @Test
  void aFailedUnloadStillLoadsWhenTheOthersMadeEnoughRoom() {
    SimulatedMemory memory = new SimulatedMemory("64", "29.2");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .resident("qwen3:1.7b", "2.0", Duration.ofMinutes(10))
            .resident("command-r", "19", Duration.ofMinutes(5))
            .refuseToUnload("qwen3:1.7b");

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    assertThat(result.failed()).hasSize(1);
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
  }

  @Test
  void theDeadlinePassingWhileTheRuntimeStillListsAModelIsAFailure() {
    SimulatedMemory memory = new SimulatedMemory("32", "23.7");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10))
            .neverUnloads("qwen3:8b");
    java.time.Instant start = time.instant();

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    assertThat(result.failed())
        .containsExactly(
            new UnloadFailure(
                name("qwen3:8b"),
                new UnloadFailure.StillListed("the in-memory runtime", Duration.ofSeconds(10))));
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.NO_ROOM);
    assertThat(runtime.calls()).doesNotContain("load qwen2.5:32b 15m");
    assertThat(Duration.between(start, time.instant())).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aRuntimeThatStopsAnsweringWhileAnUnloadIsAwaitedIsReportedNotThrown() {
    SimulatedMemory memory = new SimulatedMemory("32", "23.7");
    InMemoryRuntime inMemory =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .pollsPerUnload(5)
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    ModelRuntime runtime = new ListingFailsAfterUnload(inMemory);

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    // The unload was sent: the result and the listener must say what became of it.
    assertThat(result.failed())
        .containsExactly(
            new UnloadFailure(
                name("qwen3:8b"),
                new UnloadFailure.RuntimeError("Ollama timed out listing models")));
    assertThat(events).filteredOn(LoadEvent.UnloadFailed.class::isInstance).hasSize(1);
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.NO_ROOM);
  }

  /** A runtime whose listing times out once an unload has been sent. */
  private static final class ListingFailsAfterUnload implements ModelRuntime {
    private final InMemoryRuntime delegate;
    private boolean unloadSent;

    ListingFailsAfterUnload(InMemoryRuntime delegate) {
      this.delegate = delegate;
    }

    @Override
    public String describe() {
      return delegate.describe();
    }

    @Override
    public List<LoadedModel> loadedModels() {
      if (unloadSent) {
        throw new RuntimeUnreachableException("Ollama timed out listing models", null);
      }
      return delegate.loadedModels();
    }

    @Override
    public java.util.Set<ModelName> installedModels() {
      return delegate.installedModels();
    }

    @Override
    public Optional<ByteSize> sizeOf(ModelName model) {
      return delegate.sizeOf(model);
    }

    @Override
    public void unload(ModelName model) {
      delegate.unload(model);
      unloadSent = true;
    }

    @Override
    public void load(ModelName model, KeepAlive keepAlive) {
      delegate.load(model, keepAlive);
    }
  }

  @Test
  void aModelTheRuntimeIsStoppingIsAwaitedNotUnloadedAgain() {
    SimulatedMemory memory = new SimulatedMemory("32", "23.7");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .pollsPerUnload(1)
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    runtime.unload(name("qwen3:8b")); // someone else is unloading it: its expiry is now

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    assertThat(result.decision().kind()).isEqualTo("fits");
    assertThat(result.decision().check().available().gigabytes(1)).isEqualTo("23.7");
    assertThat(runtime.calls()).containsOnlyOnce("unload qwen3:8b");
  }

  @Test
  void theMemoryOfAModelTheRuntimeIsStoppingIsAwaitedBeforeDeciding() {
    SimulatedMemory memory = new SimulatedMemory("32", "25.7").lagging(3);
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .pollsPerUnload(1)
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10))
            .resident("qwen3:1.7b", "2.0", Duration.ofMinutes(10));
    runtime.unload(name("qwen3:8b")); // someone else is unloading it: 5.7 GB on its way back

    LoadResult result = loader(memory, runtime).load(name("qwen2.5:32b"));

    // 18.0 + 5.7 = 23.7 GB >= 22.8 GB: nothing else needs to go.
    assertThat(result.decision().kind()).isEqualTo("fits");
    assertThat(result.decision().check().available().gigabytes(1)).isEqualTo("23.7");
    assertThat(runtime.calls()).doesNotContain("unload qwen3:1.7b");
    assertThat(runtime.residentNames())
        .containsExactlyInAnyOrder(name("qwen3:1.7b"), name("qwen2.5:32b"));
  }

  @Test
  void noPreloadStopsAfterMakingRoom() {
    SimulatedMemory memory = new SimulatedMemory("32", "23.7");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", "19")
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    LoadResult result =
        loader(memory, runtime).load(LoadRequest.of(name("qwen2.5:32b")).withPreload(false));

    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.READY);
    assertThat(runtime.calls()).noneMatch(call -> call.startsWith("load"));
  }

  @Test
  void sendsTheRequestedKeepAlive() {
    SimulatedMemory memory = new SimulatedMemory("32", "25.5");
    InMemoryRuntime runtime = new InMemoryRuntime(time, memory).install("qwen3:1.7b", "1.4");

    loader(memory, runtime)
        .load(LoadRequest.of(name("qwen3:1.7b")).withKeepAlive(KeepAlive.parse("1h")));

    assertThat(runtime.calls()).contains("load qwen3:1.7b 1h");
  }

  @Test
  void anUnlistedLargeModelIsSizedByTheRuntime() {
    SimulatedMemory memory = new SimulatedMemory("64", "40");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("llama3.3:70b", "42")
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    Decision decision = loader(memory, runtime).plan(LoadRequest.of(name("llama3.3:70b")));

    assertThat(decision.kind()).isEqualTo("wont-fit");
    assertThat(decision.check().size()).isEqualTo(ByteSize.ofGigabytes("42"));
  }

  @Test
  void aModelOfUnknownSizeIsAnErrorNotSmall() {
    SimulatedMemory memory = new SimulatedMemory("32", "25");
    InMemoryRuntime runtime = new InMemoryRuntime(time, memory);

    assertThatThrownBy(() -> loader(memory, runtime).plan(LoadRequest.of(name("nosuch:7b"))))
        .isInstanceOf(ModelSizeUnknownException.class)
        .hasMessageContaining("the size of nosuch:7b is unknown");
  }

  @Test
  void tableModeTreatsAModelOfUnknownSizeAsSmall() {
    SimulatedMemory memory = new SimulatedMemory("32", "25");
    InMemoryRuntime runtime = new InMemoryRuntime(time, memory);
    LoadPolicy table = LoadPolicy.defaults().withSizeSource(SizeSource.TABLE);

    Decision decision = loader(memory, runtime, table).plan(LoadRequest.of(name("nosuch:7b")));

    assertThat(decision.kind()).isEqualTo("small-model");
  }

  @Test
  void planningChangesNothing() {
    SimulatedMemory memory = new SimulatedMemory("32", "23.7");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory).resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    Decision decision = loader(memory, runtime).plan(LoadRequest.of(name("qwen2.5:32b")));

    assertThat(decision.kind()).isEqualTo("unload");
    assertThat(runtime.calls()).containsExactly("ps");
  }

  @Test
  void unloadingByNameWaitsForTheMemoryAndReportsModelsThatWereNotResident() {
    SimulatedMemory memory = new SimulatedMemory("32", "23.7").lagging(1);
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .pollsPerUnload(1)
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10))
            .resident("qwen3:1.7b", "2.0", Duration.ofMinutes(10));

    UnloadResult result =
        loader(memory, runtime)
            .unload(UnloadRequest.named(List.of(name("qwen3:8b"), name("mixtral:8x7b"))));

    assertThat(result.unloaded()).extracting(m -> m.name().toString()).containsExactly("qwen3:8b");
    assertThat(result.notLoaded()).containsExactly(name("mixtral:8x7b"));
    assertThat(result.memoryBefore().available().gigabytes(1)).isEqualTo("16.0");
    assertThat(result.memoryAfter().available().gigabytes(1)).isEqualTo("21.7");
    assertThat(runtime.residentNames()).containsExactly(name("qwen3:1.7b"));
    assertThat(result.succeeded()).isTrue();
  }

  @Test
  void unloadingWithNoNamesUnloadsEveryResidentModel() {
    SimulatedMemory memory = new SimulatedMemory("32", "23.7");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .resident("qwen3:8b", "5.7", Duration.ofMinutes(10))
            .resident("qwen3:1.7b", "2.0", Duration.ofMinutes(10))
            .refuseToUnload("qwen3:1.7b");

    UnloadResult result = loader(memory, runtime).unload(UnloadRequest.all());

    assertThat(result.unloaded()).extracting(m -> m.name().toString()).containsExactly("qwen3:8b");
    assertThat(result.failed())
        .extracting(UnloadFailure::model)
        .containsExactly(name("qwen3:1.7b"));
    assertThat(result.succeeded()).isFalse();
  }
}
