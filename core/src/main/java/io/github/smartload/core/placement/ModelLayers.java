package io.github.smartload.core.placement;

import io.github.smartload.core.ByteSize;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A model's memory split the way llama.cpp allocates it, the input of a {@link LayerPlacer}.
 *
 * @param blockWeights the weights of each repeating block (layer), in order
 * @param blockKvCache the KV cache of each block at the context asked for; it goes with its block
 * @param outputWeights the output layer ({@code output.weight}, {@code output_norm}): llama.cpp
 *     offloads it as one more layer after the last block, so it lands on the last GPU used
 * @param hostWeights what stays in system RAM wherever the layers go (the token embeddings)
 * @param computeBuffer the compute buffer, allocated once per backend that holds layers (each GPU
 *     used, and the CPU when a block or the output layer stays there)
 * @param outputBuffer the logits buffer, kept in host memory
 * @param outputTied the output layer is the token embeddings again (tied embeddings): llama.cpp
 *     loads {@code token_embd} a second time on the output layer's device, so on a GPU it costs
 *     {@code outputWeights}, while on the CPU it is the same tensor as {@code hostWeights} and
 *     costs nothing
 */
public record ModelLayers(
    List<ByteSize> blockWeights,
    List<ByteSize> blockKvCache,
    ByteSize outputWeights,
    ByteSize hostWeights,
    ByteSize computeBuffer,
    ByteSize outputBuffer,
    boolean outputTied) {

  public ModelLayers {
    blockWeights = List.copyOf(blockWeights);
    blockKvCache = List.copyOf(blockKvCache);
    Objects.requireNonNull(outputWeights, "outputWeights");
    Objects.requireNonNull(hostWeights, "hostWeights");
    Objects.requireNonNull(computeBuffer, "computeBuffer");
    Objects.requireNonNull(outputBuffer, "outputBuffer");
    if (blockWeights.isEmpty()) {
      throw new IllegalArgumentException("a model has at least one block");
    }
    if (blockWeights.size() != blockKvCache.size()) {
      throw new IllegalArgumentException(
          blockWeights.size()
              + " blocks of weights but "
              + blockKvCache.size()
              + " of KV cache: give one KV size per block");
    }
  }

  /** A model with an output layer of its own ({@code output.weight}, untied). */
  public ModelLayers(
      List<ByteSize> blockWeights,
      List<ByteSize> blockKvCache,
      ByteSize outputWeights,
      ByteSize hostWeights,
      ByteSize computeBuffer,
      ByteSize outputBuffer) {
    this(
        blockWeights, blockKvCache, outputWeights, hostWeights, computeBuffer, outputBuffer, false);
  }

  /**
   * A model whose blocks all weigh the same: {@code weights} and {@code kvCache} (totals over all
   * blocks) are divided evenly, the first blocks taking the remainder bytes, as when the per-tensor
   * sizes are not known.
   */
  public static ModelLayers evenly(
      int blocks,
      ByteSize weights,
      ByteSize kvCache,
      ByteSize outputWeights,
      ByteSize hostWeights,
      ByteSize computeBuffer,
      ByteSize outputBuffer) {
    if (blocks < 1) {
      throw new IllegalArgumentException("a model has at least one block, not " + blocks);
    }
    return new ModelLayers(
        split(weights, blocks),
        split(kvCache, blocks),
        outputWeights,
        hostWeights,
        computeBuffer,
        outputBuffer);
  }

  private static List<ByteSize> split(ByteSize total, int parts) {
    long each = total.bytes() / parts;
    long remainder = total.bytes() % parts;
    return IntStream.range(0, parts)
        .mapToObj(i -> ByteSize.ofBytes(each + (i < remainder ? 1 : 0)))
        .toList();
  }

  public int blocks() {
    return blockWeights.size();
  }

  /** One block's weights and KV cache: what moves with it to a GPU. */
  public ByteSize block(int index) {
    return blockWeights.get(index).plus(blockKvCache.get(index));
  }

  /** Everything, as one backend would hold it: the whole model on the CPU alone. */
  public ByteSize total() {
    // On the CPU a tied output layer is token_embd itself: only the untied one adds bytes.
    return offloadable()
        .minusOrZero(outputWeights)
        .plus(outputOnCpu())
        .plus(hostWeights)
        .plus(computeBuffer)
        .plus(outputBuffer);
  }

  /** What the output layer costs when it stays on the CPU: nothing when it is tied. */
  public ByteSize outputOnCpu() {
    return outputTied ? ByteSize.ZERO : outputWeights;
  }

  /** What a GPU holding every layer holds: blocks, KV cache, output layer and compute buffer. */
  public ByteSize wholeOnOneGpu() {
    return offloadable().plus(computeBuffer);
  }

  private ByteSize offloadable() {
    ByteSize sum = outputWeights;
    for (int i = 0; i < blocks(); i++) {
      sum = sum.plus(block(i));
    }
    return sum;
  }
}
