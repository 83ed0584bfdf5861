package io.github.smartload.core.size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.ModelSizeUnknownException;
import io.github.smartload.core.Requirement;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.SizeTable;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.footprint.ContextFit;
import io.github.smartload.core.footprint.ContextSource;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.footprint.Footprint;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.footprint.ModelFacts;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.port.ModelReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequirementsTest {

  /** llama3.1:8b's published shape (memory-model.md). */
  static ModelFacts llama8b() {
    return io.github.smartload.core.footprint.Models.llama31_8b();
  }

  /** 32 layers x 8 KV heads x (128 + 128) x 2 bytes per token of f16 cache. */
  private static final long KV_BYTES_PER_TOKEN = 32L * 8 * 256 * 2;

  private final InMemoryRuntime runtime =
      new InMemoryRuntime(ManualTime.at("2026-11-30T10:00:00Z"), new SimulatedMemory("32", "25"))
          .install("shaped:8b", new InstalledModel("sha256:1", llama8b(), OptionalInt.empty()))
          .install("llama3.1:8b", new InstalledModel("sha256:2", llama8b(), OptionalInt.empty()))
          .install(
              "partial:8b",
              new InstalledModel(
                  "sha256:3",
                  ModelFacts.builder()
                      .architecture("llama")
                      .fileSize(ByteSize.ofGigabytes("4.9"))
                      .embeddingLength(4096)
                      .build(),
                  OptionalInt.empty()))
          .install("bare:7b", "4.1");

  private Requirements requirements(EstimateMode mode, ServerSettings server) {
    Sizing sizing =
        new TableThenRuntime(SizeTable.defaults(), SizeSource.TABLE_AND_RUNTIME, runtime);
    return new Requirements(sizing, runtime, new BigDecimal("1.20"), mode, server);
  }

  private Estimate estimate(EstimateMode mode, String model, OptionalInt numCtx) {
    return requirements(mode, ServerSettings.defaults().withContextLength(32768))
        .estimate(ModelName.parse(model), Optional.empty(), numCtx);
  }

  @Test
  void autoDecidesByTheFootprintAtTheContextOllamaWillUse() {
    Estimate estimate = estimate(EstimateMode.AUTO, "shaped:8b", OptionalInt.empty());

    assertThat(estimate).isInstanceOf(Estimate.ByFootprint.class);
    Estimate.ByFootprint byFootprint = (Estimate.ByFootprint) estimate;
    assertThat(byFootprint.context().numCtx()).isEqualTo(32768);
    assertThat(byFootprint.context().source()).isEqualTo(ContextSource.SERVER_SETTING);
    Footprint footprint = byFootprint.footprint();
    assertThat(footprint.kvCache().bytes()).isEqualTo(32768 * KV_BYTES_PER_TOKEN);
    Requirement requirement = estimate.requirement();
    assertThat(requirement.rule()).isEqualTo(Requirement.Rule.FOOTPRINT);
    assertThat(requirement.required()).isEqualTo(footprint.total());
    assertThat(requirement.size()).isEqualTo(footprint.weights());
  }

  @Test
  void theRequestsContextWinsAndTheKvCacheGrowsWithIt() {
    Estimate.ByFootprint at8k =
        (Estimate.ByFootprint) estimate(EstimateMode.AUTO, "shaped:8b", OptionalInt.of(8192));

    assertThat(at8k.context().source()).isEqualTo(ContextSource.REQUEST);
    assertThat(at8k.footprint().kvCache().bytes()).isEqualTo(8192 * KV_BYTES_PER_TOKEN);
  }

  @Test
  void theSizeTableGivesTheWeightsAndTheFootprintAddsTheRest() {
    Estimate.ByFootprint listed =
        (Estimate.ByFootprint) estimate(EstimateMode.AUTO, "llama3.1:8b", OptionalInt.empty());
    Estimate.ByFootprint shaped =
        (Estimate.ByFootprint) estimate(EstimateMode.AUTO, "shaped:8b", OptionalInt.empty());

    assertThat(listed.footprint().weights()).isEqualTo(ByteSize.ofGigabytes("5"));
    assertThat(listed.footprint().kvCache()).isEqualTo(shaped.footprint().kvCache());
    assertThat(listed.footprint().buffers()).isEqualTo(shaped.footprint().buffers());
  }

  @Test
  void aGivenSizeReplacesTheWeightsToo() {
    Estimate estimate =
        requirements(EstimateMode.AUTO, ServerSettings.defaults())
            .estimate(
                ModelName.parse("shaped:8b"),
                Optional.of(ByteSize.ofGigabytes("6")),
                OptionalInt.empty());

    assertThat(estimate.requirement().size()).isEqualTo(ByteSize.ofGigabytes("6"));
    assertThat(estimate.requirement().required().bytes())
        .isEqualTo(6_000_000_000L + 4096 * KV_BYTES_PER_TOKEN + buffers(estimate));
  }

  private static long buffers(Estimate estimate) {
    return ((Estimate.ByFootprint) estimate).footprint().buffers().bytes();
  }

  @Test
  void autoFallsBackToTheMarginNamingTheMissingFacts() {
    Estimate partial = estimate(EstimateMode.AUTO, "partial:8b", OptionalInt.empty());
    Estimate bare = estimate(EstimateMode.AUTO, "bare:7b", OptionalInt.empty());

    assertThat(partial).isInstanceOf(Estimate.ByMargin.class);
    assertThat(((Estimate.ByMargin) partial).missing()).contains("block_count");
    assertThat(partial.requirement().required()).isEqualTo(ByteSize.ofGigabytes("5.88"));
    assertThat(bare)
        .isEqualTo(
            new Estimate.ByMargin(
                ByteSize.ofGigabytes("4.1"), new BigDecimal("1.20"), List.of("model facts")));
    assertThat(bare.requirement().rule()).isEqualTo(Requirement.Rule.MARGIN);
  }

  @Test
  void aReaderThatTellsNoFactsFallsBackSilentlyAsTheSeedDid() {
    ModelReader sizesOnly = new SizesOnly(runtime);
    Sizing sizing =
        new TableThenRuntime(SizeTable.defaults(), SizeSource.TABLE_AND_RUNTIME, sizesOnly);
    Requirements auto =
        new Requirements(
            sizing,
            sizesOnly,
            new BigDecimal("1.20"),
            EstimateMode.AUTO,
            ServerSettings.defaults());

    Estimate estimate =
        auto.estimate(ModelName.parse("bare:7b"), Optional.empty(), OptionalInt.empty());

    assertThat(estimate)
        .isEqualTo(
            new Estimate.ByMargin(ByteSize.ofGigabytes("4.1"), new BigDecimal("1.20"), List.of()));
  }

  /** An offline plan's reader: sizes only, no facts source to ask. */
  private record SizesOnly(ModelReader next) implements ModelReader {
    @Override
    public String describe() {
      return "sizes only";
    }

    @Override
    public List<LoadedModel> loadedModels() {
      return next.loadedModels();
    }

    @Override
    public Set<ModelName> installedModels() {
      return next.installedModels();
    }

    @Override
    public Optional<ByteSize> sizeOf(ModelName model) {
      return next.sizeOf(model);
    }
  }

  @Test
  void marginModeIgnoresTheFactsAndNamesNoneMissing() {
    Estimate estimate = estimate(EstimateMode.MARGIN, "llama3.1:8b", OptionalInt.empty());

    assertThat(estimate)
        .isEqualTo(
            new Estimate.ByMargin(ByteSize.ofGigabytes("5"), new BigDecimal("1.20"), List.of()));
    assertThat(estimate.requirement().required()).isEqualTo(ByteSize.ofGigabytes("6"));
  }

  @Test
  void architectureModeRefusesToGuessWhenFactsAreMissing() {
    assertThatThrownBy(() -> estimate(EstimateMode.ARCHITECTURE, "bare:7b", OptionalInt.empty()))
        .isInstanceOf(FactsMissingException.class)
        .hasMessageContaining("bare:7b")
        .hasMessageContaining("missing facts: model facts");
  }

  @Test
  void aModelKnownNowhereIsStillUnknown() {
    assertThatThrownBy(() -> estimate(EstimateMode.AUTO, "nosuch:7b", OptionalInt.empty()))
        .isInstanceOf(ModelSizeUnknownException.class);
  }

  @Test
  void theLargestContextFitsAtItsAnswerAndNotOneCellAbove() {
    Requirements rule = requirements(EstimateMode.AUTO, ServerSettings.defaults());
    ModelName model = ModelName.parse("llama3.1:8b");
    ByteSize budget = ByteSize.ofGigabytes("9");

    ContextFit.Fits fits = (ContextFit.Fits) rule.largestContext(model, Optional.empty(), budget);

    int context = fits.contextPerSequence();
    assertThat(context % 256).isZero();
    assertThat(fits.footprint().weights()).isEqualTo(ByteSize.ofGigabytes("5"));
    assertThat(
            rule.estimate(model, Optional.empty(), OptionalInt.of(context))
                .requirement()
                .required())
        .isEqualTo(fits.footprint().total())
        .isLessThanOrEqualTo(budget);
    assertThat(
            rule.estimate(model, Optional.empty(), OptionalInt.of(context + 256))
                .requirement()
                .required())
        .isGreaterThan(budget);
  }

  @Test
  void noLargestContextWithoutTheFacts() {
    assertThat(
            requirements(EstimateMode.AUTO, ServerSettings.defaults())
                .largestContext(
                    ModelName.parse("bare:7b"), Optional.empty(), ByteSize.ofGigabytes("90")))
        .isInstanceOf(ContextFit.MissingFacts.class);
  }
}
