package io.github.smartload.core;

/** Where the size of the model to load comes from. */
public enum SizeSource {
  /** The original's rule: the size table only; a model not in it is small. */
  TABLE,
  /**
   * The size table first, else the size the runtime reports, so that an unlisted 40 GB model is not
   * mistaken for a small one. A model of unknown size is an error.
   */
  TABLE_AND_RUNTIME
}
