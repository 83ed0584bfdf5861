package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.util.Locale;

/**
 * The buffers llama.cpp allocates for a model, by the formulas in the project's memory notes
 * (checked against 60 runs of the real engine): KV exact, compute within a few MiB.
 */
final class LlamaCppAllocation {

  /** llama.cpp allocates KV cells in multiples of this. */
  static final int CELL_GRANULARITY = 256;

  private static final long FLOAT_BYTES = 4;

  private LlamaCppAllocation() {}

  static Footprint of(Shape shape, RunSettings run) {
    return new Footprint(
        ByteSize.ofBytes(weights(shape, run)),
        ByteSize.ofBytes(kvCache(shape, run)),
        ByteSize.ofBytes(compute(shape, run)),
        ByteSize.ofBytes(FLOAT_BYTES * shape.vocab() * run.parallel()));
  }

  /**
   * The file's bytes, plus the copy the CPU backend repacks Q4_0/Q4_K tensors into: with mmap the
   * mapped file stays resident beside the copy; without it only a tied token embedding is kept
   * twice (once for lookups, once repacked for the output layer).
   */
  static long weights(Shape shape, RunSettings run) {
    long file = shape.fileSize().bytes();
    if (!run.cpuRepack()) {
      return file;
    }
    String quantization = shape.quantization().orElse("").toUpperCase(Locale.ROOT);
    long blockBytes;
    long blockElements;
    if (quantization.startsWith("Q4_K")) {
      blockBytes = 144;
      blockElements = 256;
    } else if (quantization.equals("Q4_0") || quantization.equals("IQ4_NL")) {
      blockBytes = 18;
      blockElements = 32;
    } else {
      return file;
    }
    if (run.mmap()) {
      return Math.multiplyExact(file, 2);
    }
    if (!shape.tiedEmbeddings()) {
      return file;
    }
    long embeddingElements = Math.multiplyExact(shape.vocab(), shape.embedding());
    return file + Math.multiplyExact(embeddingElements, blockBytes) / blockElements;
  }

  /** Sum over layers of cells x KV heads x (key bytes + value bytes). */
  static long kvCache(Shape shape, RunSettings run) {
    long[] perLayer = kvCachePerLayer(shape, run);
    long sum = 0;
    for (long layer : perLayer) {
      sum += layer;
    }
    return sum;
  }

  /**
   * The KV cache of each layer. Each layer's figure is the growth of the running total (keys and
   * values converted to bytes over the layers so far), so the figures sum exactly to the total even
   * where a quantized type's bytes do not divide per layer.
   */
  static long[] kvCachePerLayer(Shape shape, RunSettings run) {
    long[] perLayer = new long[shape.blocks()];
    long keyElements = 0;
    long valueElements = 0;
    long before = 0;
    long globalCells = streams(run) * cellsPerStream(run);
    long slidingCells =
        run.swaFull() ? globalCells : streams(run) * slidingCellsPerStream(shape, run);
    for (int layer = 0; layer < shape.blocks(); layer++) {
      long cells = shape.slides(layer) ? slidingCells : globalCells;
      long heads = shape.kvHeads().at(layer);
      keyElements += Math.multiplyExact(cells * heads, shape.keyLength());
      valueElements += Math.multiplyExact(cells * heads, shape.valueLength());
      long upToHere = run.kvCacheType().bytes(keyElements) + run.kvCacheType().bytes(valueElements);
      perLayer[layer] = upToHere - before;
      before = upToHere;
    }
    return perLayer;
  }

  /**
   * {@code max(A, B)}: A holds the logits and hidden states of a micro-batch; B, only without flash
   * attention, the attention scores over every cell of one KV stream.
   */
  static long compute(Shape shape, RunSettings run) {
    long ubatch = Math.min(run.ubatch(), run.totalContext());
    long outputs = shape.vocab() + 2L * shape.embedding();
    if (run.kvCacheType().isQuantized()) {
      outputs += (long) shape.heads() * shape.keyLength();
    }
    long logits = ubatch * FLOAT_BYTES * outputs;
    if (run.flashAttention().enabled()) {
      return logits;
    }
    long cells = cellsPerStream(run);
    long attention =
        cells * (shape.heads() + 1L)
            + 3L * shape.embedding()
            + 2L * shape.heads() * shape.keyLength()
            + 2L * shape.kvHeads().max() * shape.keyLength();
    return Math.max(logits, Math.multiplyExact(ubatch * FLOAT_BYTES, attention));
  }

  private static long streams(RunSettings run) {
    return run.kvUnified() ? 1 : run.parallel();
  }

  private static long cellsPerStream(RunSettings run) {
    long tokens = run.kvUnified() ? run.totalContext() : run.contextPerSequence();
    return pad(tokens);
  }

  private static long slidingCellsPerStream(Shape shape, RunSettings run) {
    long window =
        run.kvUnified() ? (long) shape.slidingWindow() * run.parallel() : shape.slidingWindow();
    return Math.min(cellsPerStream(run), pad(window + run.ubatch()));
  }

  static long pad(long tokens) {
    return (tokens + CELL_GRANULARITY - 1) / CELL_GRANULARITY * CELL_GRANULARITY;
  }
}
