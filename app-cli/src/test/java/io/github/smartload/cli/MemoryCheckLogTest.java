package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryCheck;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
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
