package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** The largest context whose footprint fits a memory budget, or why there is none. */
public sealed interface ContextFit {

  /**
   * The largest context per sequence, a multiple of 256 (the cells llama.cpp allocates in), whose
   * footprint with these settings is at most {@code budget}. The search runs from {@code
   * minimumContext} rounded up to 256 to the trained length (at most {@link
   * RunSettings#MAX_TOTAL_CONTEXT} / parallel) rounded down to 256; the footprint grows with the
   * context, so a binary search finds the answer.
   */
  static ContextFit largest(
      ModelFacts facts, RunSettings settings, ByteSize budget, int minimumContext) {
    Objects.requireNonNull(budget, "budget");
    return largestWhere(
        facts,
        settings,
        minimumContext,
        run -> LlamaCppAllocation.of(Shape.of(facts), run).total().compareTo(budget) <= 0);
  }

  /**
   * The largest context per sequence, a multiple of 256, at which {@code fits} holds for the run
   * settings at that context, searched as {@link #largest} does; {@code fits} must hold for every
   * context below one where it holds (a footprint that grows with the context).
   */
  static ContextFit largestWhere(
      ModelFacts facts, RunSettings settings, int minimumContext, Predicate<RunSettings> fits) {
    long step = LlamaCppAllocation.CELL_GRANULARITY;
    long ceiling = RunSettings.MAX_TOTAL_CONTEXT / settings.parallel() / step * step;
    if (minimumContext < 1 || minimumContext > ceiling) {
      throw new IllegalArgumentException(
          "the minimum context is from 1 to " + ceiling + " tokens, not " + minimumContext);
    }
    List<String> missing = facts.missingForFootprint();
    if (!missing.isEmpty()) {
      return new MissingFacts(new FootprintResult.MissingFacts(missing));
    }
    long low = LlamaCppAllocation.pad(minimumContext) / step;
    long high =
        Math.max(
            low, Math.min(ceiling, facts.trainedContextLength().orElse(Integer.MAX_VALUE)) / step);
    if (!fits.test(at(settings, low * step))) {
      return new NoneFits(Math.toIntExact(low * step), footprint(facts, settings, low * step));
    }
    while (low < high) {
      long middle = low + (high - low + 1) / 2;
      if (fits.test(at(settings, middle * step))) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    int context = Math.toIntExact(low * step);
    return new Fits(context, footprint(facts, settings, context));
  }

  private static RunSettings at(RunSettings settings, long context) {
    return settings.withContext(Math.toIntExact(context));
  }

  private static Footprint footprint(ModelFacts facts, RunSettings settings, long context) {
    return LlamaCppAllocation.of(Shape.of(facts), settings.withContext(Math.toIntExact(context)));
  }

  /**
   * This context per sequence fits, with this footprint; 256 tokens more would not fit, or would
   * pass the trained length.
   */
  record Fits(int contextPerSequence, Footprint footprint) implements ContextFit {}

  /** Even the minimum context does not fit: its footprint is over the budget. */
  record NoneFits(int minimumContext, Footprint atMinimum) implements ContextFit {}

  /** No answer: the model's facts lack what a footprint needs. */
  record MissingFacts(FootprintResult.MissingFacts missing) implements ContextFit {}
}
