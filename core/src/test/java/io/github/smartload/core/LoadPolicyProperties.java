package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class LoadPolicyProperties {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final ModelName TARGET = ModelName.parse("target:big");

  @Provide
  Arbitrary<List<LoadedModel>> residents() {
    Arbitrary<LoadedModel> model =
        Combinators.combine(
                Arbitraries.integers().between(0, 30),
                Arbitraries.longs().between(100_000_000L, 30_000_000_000L),
                Arbitraries.integers().between(-5, 120))
            .as(
                (id, bytes, minutes) ->
                    LoadedModel.inRam(
                        ModelName.parse("m" + id + ":x"),
                        ByteSize.ofBytes(bytes),
                        NOW.plusSeconds(60L * minutes)));
    return model.list().ofMaxSize(6).uniqueElements(LoadedModel::name);
  }

  @Provide
  Arbitrary<LoadPolicy> policies() {
    return Combinators.combine(
            Arbitraries.of(EvictionStrategy.values()),
            Arbitraries.integers().between(100, 200),
            Arbitraries.integers().between(0, 30).set().ofMaxSize(3))
        .as(
            (strategy, percent, pinnedIds) -> {
              Set<ModelName> pinned = new HashSet<>();
              pinnedIds.forEach(id -> pinned.add(ModelName.parse("m" + id + ":x")));
              return LoadPolicy.defaults()
                  .withEviction(strategy)
                  .withMargin(BigDecimal.valueOf(percent, 2))
                  .withPinned(pinned);
            });
  }

  private static Decision decide(
      LoadPolicy policy, long sizeBytes, long availableBytes, List<LoadedModel> loaded) {
    return policy.decide(
        TARGET,
        ByteSize.ofBytes(sizeBytes),
        MemorySnapshot.given(ByteSize.ofBytes(availableBytes)),
        loaded);
  }

  private static ByteSize ram(List<LoadedModel> models) {
    return models.stream().map(LoadedModel::ram).reduce(ByteSize.ZERO, ByteSize::plus);
  }

  @Property
  void fitsAndSmallNeverUnload(
      @ForAll("policies") LoadPolicy policy,
      @ForAll @IntRange(min = 0, max = 40_000) int sizeMegabytes,
      @ForAll @IntRange(min = 0, max = 64_000) int availableMegabytes,
      @ForAll("residents") List<LoadedModel> loaded) {
    Decision decision =
        decide(policy, sizeMegabytes * 1_000_000L, availableMegabytes * 1_000_000L, loaded);

    if (decision instanceof Decision.Fits || decision instanceof Decision.SmallModel) {
      assertThat(decision.toUnload()).isEmpty();
    }
    if (decision instanceof Decision.Fits) {
      assertThat(decision.check().available()).isGreaterThanOrEqualTo(decision.check().required());
    }
  }

  @Property
  void neverUnloadsAPinnedModelOrTheTarget(
      @ForAll("policies") LoadPolicy policy,
      @ForAll @IntRange(min = 0, max = 40_000) int sizeMegabytes,
      @ForAll @IntRange(min = 0, max = 64_000) int availableMegabytes,
      @ForAll("residents") List<LoadedModel> loaded) {
    Decision decision =
        decide(policy, sizeMegabytes * 1_000_000L, availableMegabytes * 1_000_000L, loaded);

    assertThat(decision.toUnload())
        .noneMatch(m -> policy.pinned().contains(m.name()) || m.name().equals(TARGET));
  }

  @Property
  void lruUnloadsAMinimalSetThatFits(
      @ForAll("policies") LoadPolicy anyPolicy,
      @ForAll @IntRange(min = 5_000, max = 40_000) int sizeMegabytes,
      @ForAll @IntRange(min = 0, max = 64_000) int availableMegabytes,
      @ForAll("residents") List<LoadedModel> loaded) {
    LoadPolicy policy = anyPolicy.withEviction(EvictionStrategy.EXPIRING_FIRST);
    Decision decision =
        decide(policy, sizeMegabytes * 1_000_000L, availableMegabytes * 1_000_000L, loaded);

    if (decision instanceof Decision.Unload unload) {
      ByteSize required = unload.check().required();
      ByteSize available = unload.check().available();
      assertThat(available.plus(ram(unload.toUnload()))).isGreaterThanOrEqualTo(required);
      for (LoadedModel kept : unload.toUnload()) {
        List<LoadedModel> fewer = new ArrayList<>(unload.toUnload());
        fewer.remove(kept);
        assertThat(available.plus(ram(fewer))).isLessThan(required);
      }
    }
  }

  @Property
  void wontFitExactlyWhenUnloadingEverythingUnpinnedIsShort(
      @ForAll("policies") LoadPolicy policy,
      @ForAll @IntRange(min = 5_000, max = 40_000) int sizeMegabytes,
      @ForAll @IntRange(min = 0, max = 64_000) int availableMegabytes,
      @ForAll("residents") List<LoadedModel> loaded) {
    Decision decision =
        decide(policy, sizeMegabytes * 1_000_000L, availableMegabytes * 1_000_000L, loaded);
    ByteSize unloadable =
        ram(loaded.stream().filter(m -> !policy.pinned().contains(m.name())).toList());
    boolean short_ =
        decision.check().available().plus(unloadable).isLessThan(decision.check().required());

    assertThat(decision instanceof Decision.WontFit).isEqualTo(short_);
    if (decision instanceof Decision.WontFit wontFit) {
      assertThat(wontFit.shortfall().bytes()).isPositive();
    }
  }

  @Property
  void unloadDecisionsAlwaysMakeEnoughRoom(
      @ForAll("policies") LoadPolicy policy,
      @ForAll @IntRange(min = 5_000, max = 40_000) int sizeMegabytes,
      @ForAll @IntRange(min = 0, max = 64_000) int availableMegabytes,
      @ForAll("residents") List<LoadedModel> loaded) {
    Decision decision =
        decide(policy, sizeMegabytes * 1_000_000L, availableMegabytes * 1_000_000L, loaded);

    if (decision instanceof Decision.Unload) {
      assertThat(decision.expectedAvailableAfter())
          .isGreaterThanOrEqualTo(decision.check().required());
      assertThat(decision.check().available()).isLessThan(decision.check().required());
    }
  }
}
