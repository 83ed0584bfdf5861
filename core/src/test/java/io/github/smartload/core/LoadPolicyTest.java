package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final LoadPolicy policy = LoadPolicy.defaults();

  static LoadedModel loaded(String name, String gigabytes, int expiresInMinutes) {
    return LoadedModel.inRam(
        ModelName.parse(name),
        ByteSize.ofGigabytes(gigabytes),
        NOW.plusSeconds(60L * expiresInMinutes));
  }

  static MemorySnapshot available(String gigabytes) {
    return MemorySnapshot.given(ByteSize.ofGigabytes(gigabytes));
  }

  private Decision decide(String target, String size, String available, LoadedModel... loaded) {
    return policy.decide(
        ModelName.parse(target), ByteSize.ofGigabytes(size), available(available), List.of(loaded));
  }

  /** The original's three scenarios, with its exact numbers. */
  @ParameterizedTest(name = "scenario {0}: {1}")
  @CsvSource({
    "1, qwen3:1.7b, 1.4, 25.5, '', '', small-model, 1.68, 0.0, 25.50",
    "2, qwen2.5:14b, 9.0, 25.5, qwen3:1.7b, 2.0, fits, 10.80, 2.0, 25.50",
    "3, qwen2.5:32b, 19.0, 18.0, qwen3:8b, 5.7, unload, 22.80, 5.7, 23.70"
  })
  void reproducesTheOriginalScenarios(
      int scenario,
      String target,
      String size,
      String available,
      String loadedName,
      String loadedSize,
      String kind,
      String required,
      String loadedTotal,
      String after) {
    LoadedModel[] loaded =
        loadedName.isEmpty()
            ? new LoadedModel[0]
            : new LoadedModel[] {loaded(loadedName, loadedSize, 5)};

    Decision decision = decide(target, size, available, loaded);

    assertThat(decision.kind()).isEqualTo(kind);
    assertThat(decision.check().required().gigabytes(2)).isEqualTo(required);
    assertThat(decision.check().available().gigabytes(1)).isEqualTo(available);
    assertThat(decision.check().loadedTotal().gigabytes(1)).isEqualTo(loadedTotal);
    assertThat(decision.expectedAvailableAfter().gigabytes(2)).isEqualTo(after);
    assertThat(decision.toUnload())
        .extracting(m -> m.name().toString())
        .containsExactly(scenario == 3 ? new String[] {"qwen3:8b"} : new String[0]);
  }

  @Test
  void aResidentTargetIsAlreadyLoadedEvenWhenMemoryIsLow() {
    Decision decision = decide("qwen2.5:32b", "19", "1.0", loaded("qwen2.5:32b", "21", 3));

    assertThat(decision).isInstanceOf(Decision.AlreadyLoaded.class);
    assertThat(decision.toUnload()).isEmpty();
  }

  @Test
  void theTargetMatchesItsResidentNameNormalized() {
    Decision decision = decide("command-r", "18", "1.0", loaded("command-r:latest", "19", 3));

    assertThat(decision.kind()).isEqualTo("already-loaded");
  }

  @Test
  void aSmallModelNeverUnloadsEvenWhenMemoryIsShort() {
    Decision decision = decide("qwen3:1.7b", "4.9", "0.5", loaded("qwen2.5:32b", "21", 3));

    assertThat(decision).isInstanceOf(Decision.SmallModel.class);
    assertThat(((Decision.SmallModel) decision).threshold()).isEqualTo(ByteSize.ofGigabytes("5"));
  }

  @Test
  void theThresholdItselfIsLarge() {
    assertThat(decide("llama3.1:8b", "5", "1.0").kind()).isEqualTo("wont-fit");
  }

  @Test
  void availableEqualToRequiredFits() {
    assertThat(decide("qwen2.5:32b", "19", "22.8").kind()).isEqualTo("fits");
    assertThat(decide("qwen2.5:32b", "19", "22.799999999").kind()).isEqualTo("wont-fit");
  }

  @Test
  void strategyAllUnloadsEveryUnpinnedModel() {
    Decision decision =
        decide(
            "qwen2.5:32b",
            "19",
            "14.0",
            loaded("qwen3:8b", "5.7", 10),
            loaded("llama3.1:8b", "5.5", 2),
            loaded("qwen3:1.7b", "2.0", 7));

    assertThat(decision.toUnload())
        .extracting(m -> m.name().toString())
        .containsExactlyInAnyOrder("qwen3:8b", "llama3.1:8b", "qwen3:1.7b");
  }

  @Test
  void strategyLruUnloadsTheLeastRecentlyUsedUntilTheModelFits() {
    LoadPolicy lru = policy.withEviction(EvictionStrategy.EXPIRING_FIRST);

    Decision decision =
        lru.decide(
            ModelName.parse("qwen2.5:32b"),
            ByteSize.ofGigabytes("19"),
            available("14.0"),
            List.of(
                loaded("qwen3:8b", "5.7", 10),
                loaded("llama3.1:8b", "5.5", 2),
                loaded("qwen3:1.7b", "2.0", 7)));

    // 8.8 GB missing: oldest first takes all three (13.2 GB), but without qwen3:1.7b the other
    // two still give 11.2 GB, so the smaller, more recent one stays.
    assertThat(decision.toUnload())
        .extracting(m -> m.name().toString())
        .containsExactly("llama3.1:8b", "qwen3:8b");
  }

  @Test
  void strategyLruDropsAnOlderModelTheLargerNewerOneMakesUnnecessary() {
    LoadPolicy lru = policy.withEviction(EvictionStrategy.EXPIRING_FIRST);

    Decision decision =
        lru.decide(
            ModelName.parse("qwen2.5:32b"),
            ByteSize.ofGigabytes("19"),
            available("14.0"),
            List.of(loaded("qwen3:1.7b", "2.0", 1), loaded("command-r", "19", 9)));

    assertThat(decision.toUnload())
        .extracting(m -> m.name().toString())
        .containsExactly("command-r:latest");
  }

  @Test
  void pinnedModelsAreNeverUnloaded() {
    LoadPolicy pinned = policy.withPinned(Set.of(ModelName.parse("qwen3:8b")));

    Decision decision =
        pinned.decide(
            ModelName.parse("qwen2.5:32b"),
            ByteSize.ofGigabytes("19"),
            available("18.0"),
            List.of(loaded("qwen3:8b", "5.7", 1), loaded("llama3.1:8b", "5.5", 2)));

    assertThat(decision.kind()).isEqualTo("unload");
    assertThat(decision.toUnload())
        .extracting(m -> m.name().toString())
        .containsExactly("llama3.1:8b");
  }

  @Test
  void wontFitWhenEvenUnloadingEverythingUnpinnedIsShortAndSaysByHowMuch() {
    LoadPolicy pinned = policy.withPinned(Set.of(ModelName.parse("qwen3:8b")));

    Decision decision =
        pinned.decide(
            ModelName.parse("mixtral:8x7b"),
            ByteSize.ofGigabytes("26"),
            available("18.0"),
            List.of(loaded("qwen3:8b", "5.7", 1), loaded("qwen3:1.7b", "2.0", 2)));

    assertThat(decision).isInstanceOf(Decision.WontFit.class);
    Decision.WontFit wontFit = (Decision.WontFit) decision;
    assertThat(wontFit.check().required()).isEqualTo(ByteSize.ofGigabytes("31.2"));
    assertThat(wontFit.expectedAvailableAfter()).isEqualTo(ByteSize.ofGigabytes("20.0"));
    assertThat(wontFit.shortfall()).isEqualTo(ByteSize.ofGigabytes("11.2"));
    assertThat(wontFit.toUnload())
        .extracting(m -> m.name().toString())
        .containsExactly("qwen3:1.7b");
  }

  @Test
  void modelsKeptForThisLoadAreTreatedAsPinned() {
    Decision decision =
        policy.decide(
            ModelName.parse("qwen2.5:32b"),
            ByteSize.ofGigabytes("19"),
            available("18.0"),
            List.of(loaded("qwen3:8b", "5.7", 1)),
            Set.of(ModelName.parse("qwen3:8b")));

    assertThat(decision.kind()).isEqualTo("wont-fit");
    assertThat(decision.toUnload()).isEmpty();
  }

  @Test
  void tableModeTreatsAModelMissingFromTheTableAsSmallWhateverItsSize() {
    LoadPolicy table = policy.withSizeSource(SizeSource.TABLE);

    Decision decision =
        table.decide(
            ModelName.parse("llama3.3:70b"),
            ByteSize.ofGigabytes("42"),
            available("18.0"),
            List.of(loaded("qwen3:8b", "5.7", 1)));

    assertThat(decision.kind()).isEqualTo("small-model");
  }

  @Test
  void tableAndRuntimeModeJudgesAnUnlistedModelByItsReportedSize() {
    Decision decision = decide("llama3.3:70b", "42", "18.0", loaded("qwen3:8b", "5.7", 1));

    assertThat(decision.kind()).isEqualTo("wont-fit");
    assertThat(decision.check().required()).isEqualTo(ByteSize.ofGigabytes("50.4"));
  }

  @Test
  void countsOnlyTheRamAModelHoldsNotItsVram() {
    LoadedModel offloaded =
        new LoadedModel(
            ModelName.parse("qwen3:8b"),
            ByteSize.ofGigabytes("5.7"),
            ByteSize.ofGigabytes("4.7"),
            NOW.plusSeconds(60));

    Decision decision = decide("qwen2.5:32b", "19", "18.0", offloaded);

    assertThat(decision.check().loadedTotal()).isEqualTo(ByteSize.ofGigabytes("1.0"));
    assertThat(decision.kind()).isEqualTo("wont-fit");
  }

  @Test
  void theDefaultsAreTheOriginals() {
    assertThat(policy.largeThreshold()).isEqualTo(ByteSize.ofGigabytes("5"));
    assertThat(policy.margin()).isEqualByComparingTo("1.2");
    assertThat(policy.eviction()).isEqualTo(EvictionStrategy.ALL);
    assertThat(policy.sizeSource()).isEqualTo(SizeSource.TABLE_AND_RUNTIME);
    assertThat(policy.sizeTable().entries())
        .extracting(e -> e.model() + "=" + e.size().gigabytes(1))
        .containsExactly(
            "mixtral:8x7b=26.0",
            "qwen2.5:32b=19.0",
            "command-r:latest=18.0",
            "qwen2.5:14b=9.0",
            "qwen3:8b=5.2",
            "llama3.1:8b=5.0");
  }

  @Test
  void rejectsAMarginBelowOne() {
    assertThatThrownBy(() -> policy.withMargin(new BigDecimal("0.8")))
        .hasMessage("margin 0.8 is out of range: use a factor from 1.0 to 10");
  }
}
