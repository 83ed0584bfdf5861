package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.footprint.ContextFit;
import io.github.smartload.core.size.Requirements;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plan --max-context}: the largest context that fits in the memory available now, and in
 * what would be available after unloading every model the policy may unload. With GPUs, each twice:
 * without swapping (its RAM part fits RAM, layers spilling from the GPUs) and wholly on the GPUs.
 *
 * @param onGpus the largest contexts wholly on the GPUs, now and after unloading; empty without a
 *     discrete GPU
 */
record MaxContext(ContextFit now, ContextFit afterUnload, Optional<PerPool> onGpus) {

  /** The largest context wholly on the GPUs, now and after unloading what may go. */
  record PerPool(ContextFit now, ContextFit afterUnload) {}

  static MaxContext of(
      Requirements requirements,
      ModelName model,
      Optional<ByteSize> size,
      Decision decision,
      LoadPolicy policy,
      Optional<MemoryPools> pools) {
    // What the policy may unload: a wont-fit or unload names every unpinned model (strategy all)
    // or the fewest; for the most room, count every resident model that is not pinned.
    List<LoadedModel> unloadable =
        decision.check().loaded().stream()
            .filter(loaded -> !loaded.name().equals(model))
            .filter(loaded -> !policy.pinned().contains(loaded.name()))
            .toList();
    Optional<MemoryPools> withGpus = pools.filter(found -> !found.vramPools().isEmpty());
    if (withGpus.isEmpty()) {
      ByteSize available = decision.check().available();
      return new MaxContext(
          requirements.largestContext(model, size, available),
          requirements.largestContext(
              model, size, available.plus(LoadedModel.totalRam(unloadable))),
          Optional.empty());
    }
    MemoryPools now = withGpus.get();
    MemoryPools after = now.withFreed(unloadable);
    // "Now" loads beside the residents: no larger than Ollama's 80% rule lets it, or Ollama would
    // unload one itself and the answer would not be "without unloading" (as --fit-context).
    List<LoadedModel> residents =
        decision.check().loaded().stream().filter(loaded -> !loaded.name().equals(model)).toList();
    LoadPolicy anywhere = policy.withPlacement(PlacementMode.ANY);
    LoadPolicy onGpus = policy.withPlacement(PlacementMode.GPU);
    return new MaxContext(
        requirements.largestContext(model, size, anywhere, now, residents),
        requirements.largestContext(model, size, anywhere, after),
        Optional.of(
            new PerPool(
                requirements.largestContext(model, size, onGpus, now, residents),
                requirements.largestContext(model, size, onGpus, after))));
  }

  void addTo(Map<String, Object> json) {
    json.put("maxContext", json(now));
    json.put("maxContextAfterUnload", json(afterUnload));
    onGpus.ifPresent(
        gpus -> {
          json.put("maxContextOnGpus", json(gpus.now()));
          json.put("maxContextOnGpusAfterUnload", json(gpus.afterUnload()));
        });
  }

  /** The context as a number, or null (none fits, or the facts are missing). */
  private static Object json(ContextFit fit) {
    if (fit instanceof ContextFit.Fits fits) {
      return fits.contextPerSequence();
    }
    return null;
  }

  void explain(Messages messages, Console console) {
    if (onGpus.isEmpty()) {
      explain(now, "plan.maxcontext", messages, console);
      explain(afterUnload, "plan.maxcontext.after", messages, console);
      return;
    }
    explain(onGpus.get().now(), "plan.maxcontext.gpu", messages, console);
    explain(onGpus.get().afterUnload(), "plan.maxcontext.gpu.after", messages, console);
    explain(now, "plan.maxcontext.noswap", messages, console);
    explain(afterUnload, "plan.maxcontext.noswap.after", messages, console);
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
