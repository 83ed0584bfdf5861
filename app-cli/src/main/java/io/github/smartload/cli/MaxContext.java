package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.footprint.ContextFit;
import io.github.smartload.core.size.Requirements;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code plan --max-context}: the largest context that fits in the memory available now, and in
 * what would be available after unloading every model the policy may unload.
 */
record MaxContext(ContextFit now, ContextFit afterUnload) {

  static MaxContext of(
      Requirements requirements,
      ModelName model,
      Optional<ByteSize> size,
      Decision decision,
      Set<ModelName> pinned) {
    ByteSize available = decision.check().available();
    // What the policy may unload: a wont-fit or unload names every unpinned model (strategy all)
    // or the fewest; for the most room, count every resident model that is not pinned.
    ByteSize unloadable =
        LoadedModel.totalRam(
            decision.check().loaded().stream()
                .filter(loaded -> !loaded.name().equals(model))
                .filter(loaded -> !pinned.contains(loaded.name()))
                .toList());
    return new MaxContext(
        requirements.largestContext(model, size, available),
        requirements.largestContext(model, size, available.plus(unloadable)));
  }

  void addTo(Map<String, Object> json) {
    json.put("maxContext", json(now));
    json.put("maxContextAfterUnload", json(afterUnload));
  }

  /** The context as a number, or null (none fits, or the facts are missing). */
  private static Object json(ContextFit fit) {
    if (fit instanceof ContextFit.Fits fits) {
      return fits.contextPerSequence();
    }
    return null;
  }

  void explain(Messages messages, Console console) {
    explain(now, "plan.maxcontext", messages, console);
    explain(afterUnload, "plan.maxcontext.after", messages, console);
  }

  private static void explain(ContextFit fit, String key, Messages messages, Console console) {
    if (fit instanceof ContextFit.Fits fits) {
      console.line(
          messages.line(
              0,
              Symbol.OK,
              key,
              String.valueOf(fits.contextPerSequence()),
              fits.footprint().total()));
    } else if (fit instanceof ContextFit.NoneFits none) {
      console.line(
          messages.line(
              0,
              Symbol.WARN,
              key + ".none",
              String.valueOf(none.minimumContext()),
              none.atMinimum().total()));
    } else if (fit instanceof ContextFit.MissingFacts missing) {
      console.line(
          messages.line(0, Symbol.WARN, "plan.maxcontext.missing", missing.missing().message()));
    }
  }
}
