package io.github.smartload.core;

import java.util.List;

/**
 * What to do before loading a model, with every number the log needs. {@link #kind()} is the stable
 * name used in JSON output and metrics.
 */
public sealed interface Decision
    permits Decision.AlreadyLoaded,
        Decision.SmallModel,
        Decision.Fits,
        Decision.Unload,
        Decision.WontFit {

  MemoryCheck check();

  /** The memory expected to be available once the decided unloading is done. */
  ByteSize expectedAvailableAfter();

  /** The models to unload; empty for every decision but {@link Unload} and {@link WontFit}. */
  default List<LoadedModel> toUnload() {
    return List.of();
  }

  /**
   * {@code already-loaded}, {@code small-model}, {@code fits}, {@code unload} or {@code wont-fit}.
   */
  String kind();

  /** The target is resident already: nothing to do, even when RAM is low. */
  record AlreadyLoaded(MemoryCheck check) implements Decision {
    @Override
    public ByteSize expectedAvailableAfter() {
      return check.available();
    }

    @Override
    public String kind() {
      return "already-loaded";
    }
  }

  /** The model is below the large threshold: small models never cause unloading. */
  record SmallModel(MemoryCheck check, ByteSize threshold) implements Decision {
    @Override
    public ByteSize expectedAvailableAfter() {
      return check.available();
    }

    @Override
    public String kind() {
      return "small-model";
    }
  }

  /** Available memory covers the requirement: load beside the resident models. */
  record Fits(MemoryCheck check) implements Decision {
    @Override
    public ByteSize expectedAvailableAfter() {
      return check.available();
    }

    @Override
    public String kind() {
      return "fits";
    }
  }

  /** Unloading {@code toUnload} makes enough room. */
  record Unload(MemoryCheck check, List<LoadedModel> toUnload) implements Decision {
    public Unload {
      toUnload = List.copyOf(toUnload);
      if (toUnload.isEmpty()) {
        throw new IllegalArgumentException("an unload decision names at least one model");
      }
    }

    @Override
    public ByteSize expectedAvailableAfter() {
      return toUnload.stream().map(LoadedModel::ram).reduce(check.available(), ByteSize::plus);
    }

    @Override
    public String kind() {
      return "unload";
    }
  }

  /**
   * Even unloading every unloadable model leaves too little room. {@code toUnload} is what a
   * non-strict load unloads anyway (every unloadable model, as the original did).
   */
  record WontFit(MemoryCheck check, List<LoadedModel> toUnload) implements Decision {
    public WontFit {
      toUnload = List.copyOf(toUnload);
    }

    /** The most memory that can be had: available plus everything unloadable. */
    @Override
    public ByteSize expectedAvailableAfter() {
      return toUnload.stream().map(LoadedModel::ram).reduce(check.available(), ByteSize::plus);
    }

    /** How much is missing even after unloading everything that may be unloaded. */
    public ByteSize shortfall() {
      return check.required().minusOrZero(expectedAvailableAfter());
    }

    @Override
    public String kind() {
      return "wont-fit";
    }
  }
}
