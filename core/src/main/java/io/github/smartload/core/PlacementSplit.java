package io.github.smartload.core;

/**
 * How a placement knows the model: per layer (from its footprint's split), or as one whole piece
 * placed by its size x margin, where no layer is known and its "1 layer" is no count of anything.
 */
public enum PlacementSplit {
  /** Split per layer: the layer counts are the model's blocks and output layer. */
  LAYERS,
  /** By size alone: the whole model in one pool, a GPU or RAM. */
  WHOLE
}
