package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The evictions Ollama's scheduler makes by itself, predicted from the numbers (sched.go). */
class OllamaEvictionsTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private final MemorySnapshot ram = MemorySnapshot.given(ByteSize.ofGigabytes("64"));
  private final OllamaEvictions byDefault = new OllamaEvictions(0);

  /** With OLLAMA_MAX_LOADED_MODELS=10: the three residents below stay under the cap. */
  private final OllamaEvictions uncapped = new OllamaEvictions(10);

  private static GpuDevice gpu(int index, String total, String free) {
    return new GpuDevice(
        index,
        "GPU-" + index,
        "card " + index,
        ByteSize.ofGigabytes(total),
        ByteSize.ofGigabytes(total).minusOrZero(ByteSize.ofGigabytes(free)),
        ByteSize.ofGigabytes(free),
        GpuDevice.Kind.DISCRETE,
        "CUDA");
  }

  private static LoadedModel onGpu(String name, String size, int expiresInMinutes) {
    return new LoadedModel(
        ModelName.parse(name),
        ByteSize.ofGigabytes(size),
        ByteSize.ofGigabytes(size),
        NOW.plusSeconds(60L * expiresInMinutes));
  }

  private static LoadedModel inRam(String name, int expiresInMinutes) {
    return LoadedModel.inRam(
        ModelName.parse(name), ByteSize.ofGigabytes("1"), NOW.plusSeconds(60L * expiresInMinutes));
  }

  private static OllamaPrediction predicted(String gigabytes) {
    return new OllamaPrediction(ByteSize.ofGigabytes(gigabytes), true);
  }

  private static List<String> names(List<OllamaEviction> evictions) {
    return evictions.stream().map(e -> e.model().name().toString()).toList();
  }

  /** 24 GB, 4 GB free: a (8 GB), b (6 GB) and c (6 GB) hold the rest, a's keep-alive ends first. */
  private MemoryPools crowdedGpu() {
    return MemoryPools.of(ram, List.of(gpu(0, "24", "4")));
  }

  private final List<LoadedModel> residents =
      List.of(onGpu("c:6gb", "6", 20), onGpu("a:8gb", "8", 5), onGpu("b:6gb", "6", 10));

  @Test
  void unloadsOneAtATimeUntilThePredictionIsWithinEightyPercentOfTheFreeVram() {
    // 12 GB > 80% of 4 GB: a goes; > 80% of 12 GB (9.6): b goes; <= 80% of 18 GB (14.4): stop.
    List<OllamaEviction> evictions =
        uncapped.predict(predicted("12"), crowdedGpu(), residents, Set.of());

    assertThat(names(evictions)).containsExactly("a:8gb", "b:6gb");
    assertThat(evictions).allMatch(e -> e.cause() == OllamaEviction.Cause.VRAM);
    assertThat(evictions.get(1))
        .hasToString(
            "Ollama would unload b:6gb itself: 12.0 GB is more than 80% of the 12.0 GB free on"
                + " GPU 0 (card 0)");
  }

  @Test
  void aPredictionOfExactlyEightyPercentPasses() {
    // 80% of 4 GB is 3.2 GB: Ollama evicts only when the prediction is more than that.
    assertThat(uncapped.predict(predicted("3.2"), crowdedGpu(), residents, Set.of())).isEmpty();
    assertThat(names(uncapped.predict(predicted("3.200000001"), crowdedGpu(), residents, Set.of())))
        .containsExactly("a:8gb");
  }

  @Test
  void busyModelsAreTakenOnlyWhenNoIdleOneIsLeft() {
    List<OllamaEviction> evictions =
        uncapped.predict(
            predicted("18"), crowdedGpu(), residents, Set.of(ModelName.parse("a:8gb")));

    // 18 GB needs 22.5 GB free: b, c (idle, by expiry), then the busy a.
    assertThat(names(evictions)).containsExactly("b:6gb", "c:6gb", "a:8gb");
  }

  @Test
  void modelsHoldingNoVramAreUnloadedToo() {
    MemoryPools pools = MemoryPools.of(ram, List.of(gpu(0, "24", "10")));
    List<LoadedModel> inRamOnly = List.of(inRam("x:1gb", 5), inRam("y:1gb", 6));

    // Freeing RAM never brings the GPU under the line: Ollama unloads both, and loads anyway.
    assertThat(names(byDefault.predict(predicted("12"), pools, inRamOnly, Set.of())))
        .containsExactly("x:1gb", "y:1gb");
  }

  @Test
  void withoutADiscreteGpuOnlyTheRunnerCapApplies() {
    MemoryPools pools = MemoryPools.ramOnly(ram);
    List<LoadedModel> three = List.of(inRam("x:1gb", 5), inRam("y:1gb", 6), inRam("z:1gb", 7));

    assertThat(byDefault.predict(predicted("500"), pools, three.subList(0, 2), Set.of())).isEmpty();
    List<OllamaEviction> capped = byDefault.predict(predicted("500"), pools, three, Set.of());
    assertThat(capped)
        .singleElement()
        .hasToString(
            "Ollama would unload x:1gb itself: 3 models are loaded, OLLAMA_MAX_LOADED_MODELS is 3");
  }

  @Test
  void theCapIsThreePerGpuUnlessSet() {
    MemoryPools twoGpus = MemoryPools.of(ram, List.of(gpu(0, "24", "24"), gpu(1, "24", "24")));

    assertThat(byDefault.maxLoaded(MemoryPools.ramOnly(ram))).isEqualTo(3);
    assertThat(byDefault.maxLoaded(twoGpus)).isEqualTo(6);
    assertThat(new OllamaEvictions(1).maxLoaded(twoGpus)).isEqualTo(1);
    assertThat(
            names(
                new OllamaEvictions(1)
                    .predict(predicted("1"), twoGpus, List.of(inRam("x:1gb", 5)), Set.of())))
        .containsExactly("x:1gb");
  }

  @Test
  void aFitBecomesAnUnloadOfWhatOllamaWouldUnload() {
    MemoryCheck check =
        new MemoryCheck(
            ModelName.parse("new:12gb"),
            ByteSize.ofGigabytes("12"),
            ByteSize.ZERO,
            ByteSize.ofGigabytes("64"),
            residents);

    Decision decision =
        uncapped.apply(
            new Decision.Fits(check),
            predicted("12"),
            crowdedGpu(),
            Set.of(),
            Set.of(),
            unloaded -> check);

    assertThat(decision).isInstanceOf(Decision.Unload.class);
    assertThat(decision.toUnload())
        .extracting(m -> m.name().toString())
        .containsExactly("a:8gb", "b:6gb");
    assertThat(names(decision.check().ollamaEvictions())).containsExactly("a:8gb", "b:6gb");
  }

  @Test
  void aPinnedOrBusyModelOllamaWouldUnloadMakesItAWontFit() {
    MemoryCheck check =
        new MemoryCheck(
            ModelName.parse("new:12gb"),
            ByteSize.ofGigabytes("12"),
            ByteSize.ZERO,
            ByteSize.ofGigabytes("64"),
            residents);
    Decision fits = new Decision.Fits(check);

    Decision pinned =
        uncapped.apply(
            fits,
            predicted("12"),
            crowdedGpu(),
            Set.of(),
            Set.of(ModelName.parse("b:6gb")),
            u -> check);
    Decision busy =
        uncapped.apply(
            fits,
            predicted("12"),
            crowdedGpu(),
            Set.of(ModelName.parse("a:8gb")),
            Set.of(),
            u -> check);

    // Pinned b sorts as any other here: Ollama would take a, then b.
    assertThat(pinned).isInstanceOf(Decision.WontFit.class);
    assertThat(pinned.toUnload())
        .extracting(m -> m.name().toString())
        .containsExactly("a:8gb", "c:6gb");
    // Busy a is taken last: b, c (18 GB free >= 15 GB) suffice, and both may go.
    assertThat(busy).isInstanceOf(Decision.Unload.class);
    assertThat(busy.toUnload())
        .extracting(m -> m.name().toString())
        .containsExactly("b:6gb", "c:6gb");
  }

  @Test
  void alreadyLoadedAndWontFitDecisionsStayAsTheyAre() {
    MemoryCheck check =
        new MemoryCheck(
            ModelName.parse("a:8gb"),
            ByteSize.ofGigabytes("8"),
            ByteSize.ZERO,
            ByteSize.ofGigabytes("64"),
            residents);
    Decision already = new Decision.AlreadyLoaded(check);
    Decision wontFit = new Decision.WontFit(check, residents);

    assertThat(
            byDefault.apply(already, predicted("99"), crowdedGpu(), Set.of(), Set.of(), u -> check))
        .isSameAs(already);
    assertThat(
            byDefault.apply(wontFit, predicted("99"), crowdedGpu(), Set.of(), Set.of(), u -> check))
        .isSameAs(wontFit);
  }
}
