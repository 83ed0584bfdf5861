package io.github.smartload.core.size;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.ModelSizeUnknownException;
import io.github.smartload.core.OllamaEvictions;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.footprint.ContextFit;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.footprint.Footprint;
import io.github.smartload.core.footprint.FootprintResult;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.footprint.LayerSplit;
import io.github.smartload.core.footprint.ModelFacts;
import io.github.smartload.core.footprint.OllamaVramPrediction;
import io.github.smartload.core.footprint.ResolvedContext;
import io.github.smartload.core.footprint.RunSettings;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.placement.LayerPlacer;
import io.github.smartload.core.placement.ModelLayers;
import io.github.smartload.core.port.ModelReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a model requires before it loads: its footprint at the context Ollama will give it (weights
 * + KV cache + buffers), or size x margin where the footprint is not asked for or its facts are
 * missing. The size table and a given size state the weights only; the footprint adds the rest.
 */
public final class Requirements {

  /** What a margin fallback names when the runtime told no facts at all. */
  static final String NO_FACTS = "model facts";

  /** The smallest context a search starts from: one cell block of llama.cpp's cache. */
  private static final int MIN_CONTEXT = 256;

  private final Sizing sizing;
  private final ModelReader runtime;
  private final BigDecimal margin;
  private final EstimateMode mode;
  private final ServerSettings server;

  public Requirements(
      Sizing sizing,
      ModelReader runtime,
      BigDecimal margin,
      EstimateMode mode,
      ServerSettings server) {
    this.sizing = Objects.requireNonNull(sizing, "sizing");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.margin = Objects.requireNonNull(margin, "margin");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.server = Objects.requireNonNull(server, "server");
  }

  /** The seed's rule alone: {@code sizing}'s size x {@code margin}. */
  public static Requirements byMargin(Sizing sizing, ModelReader runtime, BigDecimal margin) {
    return new Requirements(
        sizing, runtime, margin, EstimateMode.MARGIN, ServerSettings.defaults());
  }

  public EstimateMode mode() {
    return mode;
  }

  public ServerSettings server() {
    return server;
  }

  /**
   * The estimate for loading {@code model}.
   *
   * @param given the weights when the caller knows better than the table and the runtime
   * @param numCtx the context the load asks for ({@code options.num_ctx}), if any
   * @throws ModelSizeUnknownException when neither a footprint nor a size can be had
   * @throws FactsMissingException in {@link EstimateMode#ARCHITECTURE} when facts are missing
   */
  public Estimate estimate(ModelName model, Optional<ByteSize> given, OptionalInt numCtx) {
    if (mode == EstimateMode.MARGIN) {
      return new Estimate.ByMargin(weights(model, given), margin, List.of());
    }
    Optional<InstalledModel> installed = runtime.installedModel(model);
    List<String> missing =
        installed.map(found -> found.facts().missingForFootprint()).orElse(List.of(NO_FACTS));
    if (!missing.isEmpty()) {
      if (mode == EstimateMode.ARCHITECTURE) {
        throw new FactsMissingException(model, missing);
      }
      // Without a source of facts nothing was missing: the seed's rule, as it always was.
      List<String> said = runtime.tellsFacts() ? missing : List.of();
      return new Estimate.ByMargin(weights(model, given), margin, said);
    }
    InstalledModel found = installed.get();
    ResolvedContext context = found.context(numCtx, server);
    Footprint footprint =
        Footprint.estimate(found.facts(), context.runSettings()).footprint().orElseThrow();
    Optional<ByteSize> stated = given.or(() -> tableSize(model));
    if (stated.isPresent()) {
      footprint = withWeights(footprint, stated.get());
    }
    ModelLayers layers =
        LayerSplit.of(found.facts(), context.runSettings(), Optional.of(footprint.weights()))
            .orElseThrow();
    return new Estimate.ByFootprint(
        footprint,
        context,
        layers,
        OllamaVramPrediction.of(found.facts(), context, footprint.weights()));
  }

  /**
   * The largest context per sequence (a multiple of 256) whose requirement fits {@code budget}, at
   * the server's parallelism and cache; the size table or {@code given} states the weights as in
   * {@link #estimate}.
   */
  public ContextFit largestContext(ModelName model, Optional<ByteSize> given, ByteSize budget) {
    Optional<InstalledModel> installed = runtime.installedModel(model);
    List<String> missing =
        installed.map(found -> found.facts().missingForFootprint()).orElse(List.of(NO_FACTS));
    if (!missing.isEmpty()) {
      return new ContextFit.MissingFacts(new FootprintResult.MissingFacts(missing));
    }
    ModelFacts facts = installed.get().facts();
    RunSettings run = installed.get().context(OptionalInt.empty(), server).runSettings();
    ByteSize ownWeights = Footprint.estimate(facts, run).footprint().orElseThrow().weights();
    Optional<ByteSize> stated = given.or(() -> tableSize(model));
    // The search computes the facts' own weights: move the budget by what the stated ones differ.
    ByteSize adjusted =
        stated.map(weights -> budget.plus(ownWeights).minusOrZero(weights)).orElse(budget);
    ContextFit fit = ContextFit.largest(facts, run, adjusted, facts.vision() ? 2048 : MIN_CONTEXT);
    if (stated.isEmpty()) {
      return fit;
    }
    if (fit instanceof ContextFit.Fits fits) {
      return new ContextFit.Fits(
          fits.contextPerSequence(), withWeights(fits.footprint(), stated.get()));
    }
    if (fit instanceof ContextFit.NoneFits none) {
      return new ContextFit.NoneFits(
          none.minimumContext(), withWeights(none.atMinimum(), stated.get()));
    }
    return fit;
  }

  /**
   * The largest context per sequence (a multiple of 256) at which the model fits {@code pools} by
   * {@code policy}'s placement ({@link LoadPolicy#fits}): with {@link PlacementMode#ANY} its RAM
   * part fits RAM available (no swapping), with {@link PlacementMode#GPU} it is also wholly on the
   * GPUs. Without a discrete GPU and placed anywhere this is {@link #largestContext(ModelName,
   * Optional, ByteSize)} with RAM available as the budget. Weights as in {@link #estimate}.
   */
  public ContextFit largestContext(
      ModelName model, Optional<ByteSize> given, LoadPolicy policy, MemoryPools pools) {
    return largestContext(model, given, policy, pools, List.of());
  }

  /**
   * As {@link #largestContext(ModelName, Optional, LoadPolicy, MemoryPools)}, the model loading
   * beside {@code residents} (the model's own copy not among them): also no larger than the context
   * at which Ollama's own prediction (file + f16 KV cache, {@link OllamaVramPrediction}) passes its
   * 80% rule, past which it would unload one of them itself. With its runner cap reached ({@code
   * OLLAMA_MAX_LOADED_MODELS}) it unloads one at any context: none fits ({@link
   * OllamaEvictions#unloadsAny}).
   */
  public ContextFit largestContext(
      ModelName model,
      Optional<ByteSize> given,
      LoadPolicy policy,
      MemoryPools pools,
      List<LoadedModel> residents) {
    Optional<InstalledModel> installed = runtime.installedModel(model);
    List<String> missing =
        installed.map(found -> found.facts().missingForFootprint()).orElse(List.of(NO_FACTS));
    if (!missing.isEmpty()) {
      return new ContextFit.MissingFacts(new FootprintResult.MissingFacts(missing));
    }
    ModelFacts facts = installed.get().facts();
    RunSettings run = installed.get().context(OptionalInt.empty(), server).runSettings();
    Optional<ByteSize> stated = given.or(() -> tableSize(model));
    ByteSize weights =
        stated.orElseGet(() -> Footprint.estimate(facts, run).footprint().orElseThrow().weights());
    OllamaEvictions ollama = new OllamaEvictions(server.maxLoadedModels());
    ContextFit fit =
        ContextFit.largestWhere(
            facts,
            run,
            facts.vision() ? 2048 : MIN_CONTEXT,
            at ->
                policy.fits(
                        LayerPlacer.placer(LayerSplit.of(facts, at, stated).orElseThrow()), pools)
                    && !ollama.unloadsAny(
                        OllamaVramPrediction.of(facts, at, weights), pools, residents));
    if (stated.isPresent() && fit instanceof ContextFit.Fits fits) {
      return new ContextFit.Fits(
          fits.contextPerSequence(), withWeights(fits.footprint(), stated.get()));
    }
    if (stated.isPresent() && fit instanceof ContextFit.NoneFits none) {
      return new ContextFit.NoneFits(
          none.minimumContext(), withWeights(none.atMinimum(), stated.get()));
    }
    return fit;
  }

  private static Footprint withWeights(Footprint footprint, ByteSize weights) {
    return new Footprint(
        weights, footprint.kvCache(), footprint.computeBuffer(), footprint.outputBuffer());
  }

  /** Only a size the table states; the runtime's file size is what the footprint refines. */
  private Optional<ByteSize> tableSize(ModelName model) {
    return sizing.sizeOf(model) instanceof ModelSize.Known known
        ? Optional.of(known.size())
        : Optional.empty();
  }

  private ByteSize weights(ModelName model, Optional<ByteSize> given) {
    return given.orElseGet(
        () ->
            sizing
                .sizeOf(model)
                .bytes()
                .orElseThrow(() -> new ModelSizeUnknownException(model, runtime.describe())));
  }
}
