package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The context Ollama gives a model, resolved as Ollama does (its {@code server/routes.go}, {@code
 * server/sched.go}, {@code llm/server.go}): request {@code num_ctx} > Modelfile {@code num_ctx} >
 * {@code OLLAMA_CONTEXT_LENGTH} > a tier from the GPUs' memory; raised to the minimum, then capped
 * at the trained length.
 */
public final class OllamaContext {

  /** Architectures Ollama runs one sequence at a time ({@code sched.go}). */
  private static final Set<String> SINGLE_SEQUENCE_ARCHITECTURES =
      Set.of("mllama", "qwen3vl", "qwen35", "qwen3next", "lfm2", "nemotron_h");

  private static final long GIB = 1L << 30;

  private OllamaContext() {}

  /**
   * The context and parallelism for a model with these facts.
   *
   * @param requestNumCtx the request's {@code options.num_ctx}, if it names one
   * @param modelfileNumCtx the Modelfile's {@code PARAMETER num_ctx}, if it sets one
   * @throws IllegalArgumentException when a given {@code num_ctx} is not positive
   */
  public static ResolvedContext resolve(
      ModelFacts facts,
      OptionalInt requestNumCtx,
      OptionalInt modelfileNumCtx,
      ServerSettings server) {
    int numCtx;
    ContextSource source;
    if (requestNumCtx.isPresent()) {
      numCtx = positive("the request's num_ctx", requestNumCtx.getAsInt());
      source = ContextSource.REQUEST;
    } else if (modelfileNumCtx.isPresent()) {
      numCtx = positive("the Modelfile's num_ctx", modelfileNumCtx.getAsInt());
      source = ContextSource.MODELFILE;
    } else if (server.contextLength() > 0) {
      numCtx = server.contextLength();
      source = ContextSource.SERVER_SETTING;
    } else {
      numCtx = vramTier(server);
      source = ContextSource.VRAM_TIER;
    }
    int minimum = facts.vision() ? 2048 : 4;
    if (numCtx < minimum) {
      numCtx = minimum;
      source = ContextSource.MINIMUM;
    }
    if (facts.trainedContextLength().isPresent()
        && numCtx > facts.trainedContextLength().getAsInt()) {
      numCtx = facts.trainedContextLength().getAsInt();
      source = ContextSource.TRAINED_LENGTH;
    }
    int parallel;
    ParallelSource parallelSource;
    if (runsOneSequence(facts)) {
      parallel = 1;
      parallelSource = ParallelSource.FORCED_SINGLE;
    } else if (server.numParallel() > 0) {
      parallel = server.numParallel();
      parallelSource = ParallelSource.SERVER_SETTING;
    } else {
      parallel = 1;
      parallelSource = ParallelSource.DEFAULT;
    }
    return new ResolvedContext(
        numCtx, source, parallel, parallelSource, server.kvCacheType(), server.flashAttention());
  }

  /**
   * Ollama's automatic context from the sum over GPUs of (total - overhead): 262144 from 47 GiB,
   * 32768 from 23 GiB, else 4096 (and 4096 without a GPU).
   */
  public static int vramTier(ServerSettings server) {
    long usable = 0;
    for (ByteSize total : server.gpuTotals()) {
      usable += total.minusOrZero(server.gpuOverhead()).bytes();
    }
    if (usable >= 47 * GIB) {
      return 262_144;
    }
    if (usable >= 23 * GIB) {
      return 32_768;
    }
    return 4096;
  }

  private static boolean runsOneSequence(ModelFacts facts) {
    return facts.embedding()
        || facts
            .architecture()
            .map(name -> SINGLE_SEQUENCE_ARCHITECTURES.contains(name.toLowerCase(Locale.ROOT)))
            .orElse(false);
  }

  private static int positive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be a positive number of tokens: " + value);
    }
    return value;
  }
}
