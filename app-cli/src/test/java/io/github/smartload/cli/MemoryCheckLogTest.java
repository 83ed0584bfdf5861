package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryCheck;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.OllamaEviction;
import io.github.smartload.core.UnloadFailure;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.port.LoadEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Golden tests: the original's two log shapes, exactly, in English and German. */
class MemoryCheckLogTest {

  private static final Instant LATER = Instant.parse("2026-11-27T04:15:00Z");

  private final List<String> lines = new ArrayList<>();

  @Test
  void enoughRamInEnglish() {
    enoughRam(Locale.ENGLISH, true);

    assertThat(lines)
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 25.5 GB",
            "   Loaded: 2.0 GB",
            "   New model: qwen2.5:14b (9.0 GB)",
            "✅ Enough RAM! 25.5 GB > 10.8 GB (with 20% reserve)",
            "   No unloading needed - the model fits!");
  }

  @Test
  void enoughRamInGerman() {
    enoughRam(Locale.GERMAN, true);

    assertThat(lines)
        .containsExactly(
            "📊 Memory Check:",
            "   Verfügbar: 25.5 GB",
            "   Geladen: 2.0 GB",
            "   Neues Modell: qwen2.5:14b (9.0 GB)",
            "✅ Genug RAM! 25.5 GB > 10.8 GB (mit 20% Reserve)",
            "   Kein Entladen nötig - Modell passt rein!");
  }

  @Test
  void tooLittleRamInEnglish() {
    tooLittleRam(Locale.ENGLISH, true);

    assertThat(lines)
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 18.0 GB",
            "   Loaded: 5.7 GB",
            "   New model: qwen2.5:32b (19.0 GB)",
            "⚠️ Not enough RAM! 18.0 GB < 22.8 GB (with 20% reserve)",
            "🔄 Large model: qwen2.5:32b (19.0 GB)",
            "🧹 Unloading currently loaded models (5.7 GB)...",
            "   🗑️ qwen3:8b unloaded",
            "🧹 All models unloaded from RAM",
            "✅ RAM after unloading: 23.6 GB available");
  }

  @Test
  void tooLittleRamInGerman() {
    tooLittleRam(Locale.GERMAN, true);

    assertThat(lines)
        .containsExactly(
            "📊 Memory Check:",
            "   Verfügbar: 18.0 GB",
            "   Geladen: 5.7 GB",
            "   Neues Modell: qwen2.5:32b (19.0 GB)",
            "⚠️ Zu wenig RAM! 18.0 GB < 22.8 GB (mit 20% Reserve)",
            "🔄 Großes Modell: qwen2.5:32b (19.0 GB)",
            "🧹 Entlade aktuell geladene Modelle (5.7 GB)...",
            "   🗑️ qwen3:8b entladen",
            "🧹 Alle Modelle aus RAM entladen",
            "✅ RAM nach Entladen: 23.6 GB verfügbar");
  }

  @Test
  void plainSymbolsKeepTheWordsOperatorsGrepFor() {
    tooLittleRam(Locale.ENGLISH, false);

    assertThat(lines)
        .containsExactly(
            "* Memory Check:",
            "   Available: 18.0 GB",
            "   Loaded: 5.7 GB",
            "   New model: qwen2.5:32b (19.0 GB)",
            "[!] Not enough RAM! 18.0 GB < 22.8 GB (with 20% reserve)",
            "-> Large model: qwen2.5:32b (19.0 GB)",
            "[-] Unloading currently loaded models (5.7 GB)...",
            "   - qwen3:8b unloaded",
            "[-] All models unloaded from RAM",
            "[ok] RAM after unloading: 23.6 GB available");
  }

  @Test
  void aFailedUnloadIsNamedWithItsReasonAndMemoryShortIsSaid() {
    MemoryCheckLog log = log(Locale.ENGLISH, true);
    LoadedModel resident = model("qwen3:8b", "5.7");
    MemoryCheck check = check("qwen2.5:32b", "19", "18.0", List.of(resident));
    log.on(new LoadEvent.MemoryChecked(MemorySnapshot.given(gb("18.0")), List.of(resident)));
    log.on(new LoadEvent.Decided(new Decision.Unload(check, List.of(resident))));
    lines.clear();

    log.on(
        new LoadEvent.UnloadFailed(
            resident.name(), new UnloadFailure.RuntimeError("Ollama answered 500")));
    log.on(new LoadEvent.MemoryAfter(MemorySnapshot.given(gb("18.0")), false));

    assertThat(lines)
        .containsExactly(
            "🧹 Unloading currently loaded models (5.7 GB)...",
            "   ❌ qwen3:8b could not be unloaded: Ollama answered 500",
            "⚠️ RAM after unloading: 18.0 GB available, not all of it came back in time");
  }

  @Test
  void aModelThatCannotFitLoadedAnywaySaysItIsShortNotThatMemoryDidNotComeBack() {
    MemoryCheckLog log = log(Locale.ENGLISH, true);
    LoadedModel resident = model("qwen3:8b", "5.7");
    MemoryCheck check = check("mixtral:8x7b", "26", "18.0", List.of(resident));
    log.on(new LoadEvent.MemoryChecked(MemorySnapshot.given(gb("18.0")), List.of(resident)));
    log.on(new LoadEvent.Decided(new Decision.WontFit(check, List.of(resident))));
    lines.clear();

    log.on(new LoadEvent.ModelUnloaded(resident));
    // All 5.7 GB came back; 31.2 GB were never within reach.
    log.on(new LoadEvent.MemoryAfter(MemorySnapshot.given(gb("23.7")), false));

    assertThat(lines)
        .containsExactly(
            "🧹 Unloading currently loaded models (5.7 GB)...",
            "   🗑️ qwen3:8b unloaded",
            "🧹 All models unloaded from RAM",
            "⚠️ RAM after unloading: 23.7 GB available, less than the 31.2 GB required");
  }

  @Test
  void aMarginFallbackForMissingFactsIsSaidInEnglish() {
    fallback(Locale.ENGLISH);

    assertThat(lines)
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 25.5 GB",
            "   Loaded: 2.0 GB",
            "   New model: qwen2.5:14b (9.0 GB)",
            "   Footprint unknown (missing facts: block_count, head_count): size x margin",
            "✅ Enough RAM! 25.5 GB > 10.8 GB (with 20% reserve)",
            "   No unloading needed - the model fits!");
  }

  @Test
  void aMarginFallbackForMissingFactsIsSaidInGerman() {
    fallback(Locale.GERMAN);

    assertThat(lines)
        .contains(
            "   Speicherbedarf unbekannt (fehlende Angaben: block_count, head_count): Größe x"
                + " Reserve");
  }

  @Test
  void aModelOllamaWouldUnloadItselfIsUnloadedFirstAndSaidWhyInEnglish() {
    ollamaCap(Locale.ENGLISH);

    assertThat(lines)
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 25.5 GB",
            "   Loaded: 6.0 GB",
            "   New model: new:7b (5.0 GB)",
            "   Ollama would unload a:2b itself: 3 models are loaded, OLLAMA_MAX_LOADED_MODELS is 3",
            "⚠️ Ollama would unload 1 model(s) itself before loading new:7b: smartload unloads"
                + " them first",
            "🧹 Unloading currently loaded models (2.0 GB)...",
            "   🗑️ a:2b unloaded",
            "🧹 1 of 3 models unloaded from RAM",
            "✅ RAM after unloading: 27.5 GB available");
  }

  @Test
  void aModelOllamaWouldUnloadItselfIsSaidInGerman() {
    ollamaCap(Locale.GERMAN);

    assertThat(lines)
        .contains(
            "   Ollama würde a:2b selbst entladen: 3 Modelle sind geladen,"
                + " OLLAMA_MAX_LOADED_MODELS ist 3",
            "⚠️ Ollama würde vor dem Laden von new:7b selbst 1 Modell(e) entladen: smartload"
                + " entlädt sie vorher");
  }

  @Test
  void aBusyModelOllamaWouldUnloadMakesAWontFitThatNamesIt() {
    MemoryCheckLog log = log(Locale.ENGLISH, true);
    LoadedModel busy = model("busy:2b", "2.0");
    MemoryCheck check =
        check("new:7b", "5", "25.5", List.of(busy))
            .withOllamaEvictions(
                List.of(
                    new OllamaEviction(
                        busy,
                        OllamaEviction.Cause.VRAM,
                        gb("14"),
                        gb("13.8"),
                        "GPU 0 (RTX 4090)",
                        1,
                        3)));
    log.on(new LoadEvent.MemoryChecked(MemorySnapshot.given(gb("25.5")), List.of(busy)));
    log.on(new LoadEvent.Decided(new Decision.WontFit(check, List.of())));

    assertThat(lines)
        .contains(
            "   Ollama would unload busy:2b itself: 14.0 GB is more than 80% of the 13.8 GB free"
                + " on GPU 0 (RTX 4090)",
            "❌ Ollama would unload busy:2b itself, which may not be unloaded now (pinned or busy)");
  }

  private void ollamaCap(Locale locale) {
    MemoryCheckLog log = log(locale, true);
    List<LoadedModel> three =
        List.of(model("a:2b", "2.0"), model("b:2b", "2.0"), model("c:2b", "2.0"));
    MemoryCheck check =
        check("new:7b", "5", "25.5", three)
            .withOllamaEvictions(
                List.of(
                    new OllamaEviction(
                        three.get(0),
                        OllamaEviction.Cause.RUNNER_CAP,
                        gb("5"),
                        ByteSize.ZERO,
                        "",
                        3,
                        3)));
    log.on(new LoadEvent.MemoryChecked(MemorySnapshot.given(gb("25.5")), three));
    log.on(new LoadEvent.Decided(new Decision.Unload(check, List.of(three.get(0)))));
    log.on(new LoadEvent.ModelUnloaded(three.get(0)));
    log.on(new LoadEvent.MemoryAfter(MemorySnapshot.given(gb("27.5")), true));
  }

  private void fallback(Locale locale) {
    MemoryCheckLog log = log(locale, true);
    LoadedModel small = model("qwen3:1.7b", "2.0");
    log.on(new LoadEvent.MemoryChecked(MemorySnapshot.given(gb("25.5")), List.of(small)));
    log.on(
        new LoadEvent.Decided(
            new Decision.Fits(check("qwen2.5:14b", "9", "25.5", List.of(small))),
            Optional.of(
                new Estimate.ByMargin(
                    gb("9"), LoadPolicy.DEFAULT_MARGIN, List.of("block_count", "head_count")))));
  }

  private void enoughRam(Locale locale, boolean emoji) {
    MemoryCheckLog log = log(locale, emoji);
    LoadedModel small = model("qwen3:1.7b", "2.0");
    log.on(new LoadEvent.MemoryChecked(MemorySnapshot.given(gb("25.5")), List.of(small)));
    log.on(
        new LoadEvent.Decided(
            new Decision.Fits(check("qwen2.5:14b", "9", "25.5", List.of(small)))));
  }

  private void tooLittleRam(Locale locale, boolean emoji) {
    MemoryCheckLog log = log(locale, emoji);
    LoadedModel resident = model("qwen3:8b", "5.7");
    MemoryCheck check = check("qwen2.5:32b", "19", "18.0", List.of(resident));
    log.on(new LoadEvent.MemoryChecked(MemorySnapshot.given(gb("18.0")), List.of(resident)));
    log.on(new LoadEvent.Decided(new Decision.Unload(check, List.of(resident))));
    log.on(new LoadEvent.ModelUnloaded(resident));
    log.on(new LoadEvent.MemoryAfter(MemorySnapshot.given(gb("23.6")), true));
  }

  private MemoryCheckLog log(Locale locale, boolean emoji) {
    return new MemoryCheckLog(lines::add, new Messages(locale, emoji), LoadPolicy.DEFAULT_MARGIN);
  }

  private static MemoryCheck check(
      String model, String size, String available, List<LoadedModel> loaded) {
    ByteSize bytes = gb(size);
    return new MemoryCheck(
        ModelName.parse(model),
        bytes,
        LoadPolicy.defaults().required(bytes),
        gb(available),
        loaded);
  }

  private static LoadedModel model(String name, String size) {
    return LoadedModel.inRam(ModelName.parse(name), gb(size), LATER);
  }

  private static ByteSize gb(String gigabytes) {
    return ByteSize.ofGigabytes(gigabytes);
  }
}
