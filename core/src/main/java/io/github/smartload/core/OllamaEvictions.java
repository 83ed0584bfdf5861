package io.github.smartload.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The evictions Ollama's scheduler makes by itself before a load (ollama/ollama server/sched.go at
 * fb30760), predicted so that smartload makes them first, waits until their memory is back and says
 * why, and never lets Ollama evict a pinned or busy model behind its back:
 *
 * <ul>
 *   <li>with {@code OLLAMA_MAX_LOADED_MODELS} models loaded it unloads one (processPending, lines
 *       265-267; default 3 per GPU, 3 without one: lines 86 and 280-290);
 *   <li>else, with a model loaded and the load going to GPUs, it unloads one when its prediction
 *       exceeds 80% of the free memory of the GPUs it places on (load, lines 547-561; the free
 *       memory after {@code updateFreeSpace}, 1295-1337, and {@code availableMemoryForPlacement},
 *       952-962);
 * </ul>
 *
 * one at a time (findRunnerToUnload, 1664-1692: idle ones first, in ByDurationAndName order), each
 * awaited, until the model passes or nothing is loaded. Pure: numbers in, evictions out.
 *
 * <p>Approximations: Ollama orders by each runner's keep-alive duration, then by its GGUF blob's
 * path; smartload sees only when each keep-alive runs out ({@code /api/ps} {@code expires_at}) and
 * the model's name, so it orders by those. Passing on one GPU (a single-GPU placement is chosen
 * when the prediction is within 80% of that GPU, lines 1060-1076) or on all of them reduces to the
 * prediction against 80% of the discrete GPUs' free memory together. Integrated GPUs are RAM to
 * smartload, so without a discrete GPU only the cap applies.
 */
public final class OllamaEvictions {

  /** Ollama's {@code defaultModelsPerGPU} (server/sched.go 86). */
  static final int MODELS_PER_GPU = 3;

  private final int maxLoadedModels;

  /**
   * @param maxLoadedModels {@code OLLAMA_MAX_LOADED_MODELS}; 0 (unset) means Ollama's default
   */
  public OllamaEvictions(int maxLoadedModels) {
    if (maxLoadedModels < 0) {
      throw new IllegalArgumentException(
          "OLLAMA_MAX_LOADED_MODELS cannot be negative: " + maxLoadedModels);
    }
    this.maxLoadedModels = maxLoadedModels;
  }

  /** The cap Ollama applies on a host with these GPUs. */
  public int maxLoaded(MemoryPools pools) {
    return maxLoadedModels > 0
        ? maxLoadedModels
        : MODELS_PER_GPU * Math.max(pools.gpus().size(), 1);
  }

  /**
   * The models Ollama would unload itself, in its order, before loading a model it predicts at
   * {@code prediction} beside {@code residents} on {@code pools}.
   *
   * @param busy models answering requests: Ollama takes them only when no idle one is left
   */
  public List<OllamaEviction> predict(
      OllamaPrediction prediction,
      MemoryPools pools,
      List<LoadedModel> residents,
      Set<ModelName> busy) {
    Comparator<LoadedModel> order =
        Comparator.comparing(LoadedModel::expiresAt).thenComparing(m -> m.name().toString());
    List<LoadedModel> queue =
        Stream.concat(
                residents.stream().filter(m -> !busy.contains(m.name())).sorted(order),
                residents.stream().filter(m -> busy.contains(m.name())).sorted(order))
            .toList();
    int cap = maxLoaded(pools);
    List<OllamaEviction> evictions = new ArrayList<>();
    List<LoadedModel> gone = new ArrayList<>();
    for (LoadedModel next : queue) {
      int loaded = queue.size() - gone.size();
      List<GpuDevice> gpus = pools.withFreed(gone).vramPools();
      ByteSize free = gpus.stream().map(GpuDevice::free).reduce(ByteSize.ZERO, ByteSize::plus);
      OllamaEviction.Cause cause;
      if (loaded >= cap) {
        cause = OllamaEviction.Cause.RUNNER_CAP;
      } else if (!gpus.isEmpty() && overEightyPercent(prediction, free)) {
        cause = OllamaEviction.Cause.VRAM;
      } else {
        break;
      }
      evictions.add(
          new OllamaEviction(next, cause, prediction.bytes(), free, names(gpus), loaded, cap));
      gone.add(next);
    }
    return evictions;
  }

  /**
   * Whether Ollama would unload one of {@code residents} itself before loading a model it predicts
   * at {@code prediction} on {@code pools}, by its runner cap or its 80% rule ({@link #predict}).
   */
  public boolean unloadsAny(
      OllamaPrediction prediction, MemoryPools pools, List<LoadedModel> residents) {
    return !predict(prediction, pools, residents, Set.of()).isEmpty();
  }

  /** {@code predictedForLoad > freeMemory*80/100}, in whole bytes as Ollama computes it. */
  private static boolean overEightyPercent(OllamaPrediction prediction, ByteSize free) {
    return prediction.bytes().bytes() > free.bytes() * 80 / 100;
  }

  /**
   * {@code decision} with Ollama's own evictions made explicit: an {@link Decision.Unload} of
   * smartload's choice and then Ollama's, or a {@link Decision.WontFit} when Ollama would unload a
   * pinned or kept model. A wont-fit or already-loaded decision is returned as it is.
   *
   * @param pools the memory the decision was made on, before its unloads
   * @param keep models that may not be unloaded now (busy ones among them)
   * @param checkAfter the decision's check were it to unload the given models
   */
  public Decision apply(
      Decision decision,
      OllamaPrediction prediction,
      MemoryPools pools,
      Set<ModelName> keep,
      Set<ModelName> pinned,
      Function<List<LoadedModel>, MemoryCheck> checkAfter) {
    if (decision instanceof Decision.AlreadyLoaded || decision instanceof Decision.WontFit) {
      return decision;
    }
    List<LoadedModel> loaded = decision.check().loaded();
    List<LoadedModel> ours = decision.toUnload();
    List<LoadedModel> staying = loaded.stream().filter(m -> !ours.contains(m)).toList();
    List<OllamaEviction> evictions = predict(prediction, pools.withFreed(ours), staying, keep);
    if (evictions.isEmpty()) {
      return decision;
    }
    boolean blocked =
        evictions.stream()
            .map(e -> e.model().name())
            .anyMatch(name -> pinned.contains(name) || keep.contains(name));
    if (blocked) {
      List<LoadedModel> unloadable =
          loaded.stream()
              .filter(m -> !pinned.contains(m.name()) && !keep.contains(m.name()))
              .sorted(Comparator.comparing(LoadedModel::expiresAt))
              .toList();
      return new Decision.WontFit(decision.check().withOllamaEvictions(evictions), unloadable);
    }
    List<LoadedModel> all = new ArrayList<>(ours);
    evictions.forEach(e -> all.add(e.model()));
    return new Decision.Unload(checkAfter.apply(all).withOllamaEvictions(evictions), all);
  }

  private static String names(List<GpuDevice> gpus) {
    if (gpus.size() == 1) {
      return gpus.get(0).toString();
    }
    return "GPUs "
        + gpus.stream().map(g -> String.valueOf(g.index())).collect(Collectors.joining(", "));
  }
}
