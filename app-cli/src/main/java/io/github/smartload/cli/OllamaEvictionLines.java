package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryCheck;
import io.github.smartload.core.OllamaEviction;
import io.github.smartload.core.footprint.Estimate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The decision log's lines for the models Ollama would unload itself (core's {@code
 * OllamaEvictions}): one line per model with Ollama's reason, and the verdict when they are all a
 * decision unloads, or what makes it refuse.
 */
final class OllamaEvictionLines {

  private OllamaEvictionLines() {}

  /** One line per model Ollama would unload, saying when its prediction was a stand-in. */
  static void write(MemoryCheck check, Optional<Estimate> estimate, MemoryCheckLog.Line line) {
    List<OllamaEviction> evictions = check.ollamaEvictions();
    boolean byVram = evictions.stream().anyMatch(e -> e.cause() == OllamaEviction.Cause.VRAM);
    Optional<Estimate> guessed = estimate.filter(e -> !e.ollamaPrediction().byFacts());
    if (byVram && guessed.isPresent()) {
      line.write(3, Symbol.NONE, "check.ollama.guess", guessed.get().ollamaPrediction().bytes());
    }
    for (OllamaEviction eviction : evictions) {
      switch (eviction.cause()) {
        case VRAM ->
            line.write(
                3,
                Symbol.NONE,
                "check.ollama.vram",
                eviction.model().name(),
                eviction.predicted(),
                eviction.free(),
                eviction.gpus());
        case RUNNER_CAP ->
            line.write(
                3,
                Symbol.NONE,
                "check.ollama.cap",
                eviction.model().name(),
                eviction.loaded(),
                eviction.maxLoaded());
      }
    }
  }

  /**
   * The verdict when Ollama's evictions decide it: all the models an unload takes are Ollama's, or
   * Ollama would take one that may not go now. False when the usual verdict applies.
   */
  static boolean verdict(Decision decision, MemoryCheckLog.Line line) {
    MemoryCheck check = decision.check();
    List<OllamaEviction> evictions = check.ollamaEvictions();
    if (evictions.isEmpty()) {
      return false;
    }
    if (decision instanceof Decision.Unload unload
        && unload.toUnload().size() == evictions.size()) {
      line.write(0, Symbol.WARN, "ollama.verdict", check.target(), evictions.size());
      return true;
    }
    if (decision instanceof Decision.WontFit wontFit) {
      // Only Ollama's evictions turn a decision into a wont-fit: those it may not make now.
      String blocked =
          evictions.stream()
              .map(OllamaEviction::model)
              .filter(model -> !wontFit.toUnload().contains(model))
              .map(LoadedModel::name)
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
      line.write(0, Symbol.FAIL, "wontfit.verdict.ollama", blocked);
      return true;
    }
    return false;
  }
}
