package io.github.smartload.core;

import java.util.Objects;

/**
 * A resident model Ollama would unload itself before loading another, and why: the new model's
 * predicted size is more than 80% of the GPUs' free memory ({@link Cause#VRAM}), or {@code
 * OLLAMA_MAX_LOADED_MODELS} models are loaded ({@link Cause#RUNNER_CAP}).
 *
 * @param predicted Ollama's prediction of the new model ({@link Cause#VRAM})
 * @param free the free memory of {@code gpus} it is compared with, before this eviction
 * @param gpus the GPUs the load goes to, as the log names them ({@code GPU 0})
 * @param loaded the models loaded before this eviction ({@link Cause#RUNNER_CAP})
 * @param maxLoaded Ollama's cap on loaded models
 */
public record OllamaEviction(
    LoadedModel model,
    Cause cause,
    ByteSize predicted,
    ByteSize free,
    String gpus,
    int loaded,
    int maxLoaded) {

  /** Which of Ollama's rules evicts the model. */
  public enum Cause {
    /** The predicted size exceeds 80% of the free VRAM (server/sched.go 547-561). */
    VRAM,
    /** {@code OLLAMA_MAX_LOADED_MODELS} models are loaded (server/sched.go 265-267). */
    RUNNER_CAP
  }

  public OllamaEviction {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(predicted, "predicted");
    Objects.requireNonNull(free, "free");
    Objects.requireNonNull(gpus, "gpus");
  }

  /** 80% of {@code free}, in whole bytes as Ollama computes it ({@code freeMemory*80/100}). */
  public ByteSize threshold() {
    return ByteSize.ofBytes(free.bytes() * 80 / 100);
  }

  @Override
  public String toString() {
    return switch (cause) {
      case VRAM ->
          "Ollama would unload "
              + model.name()
              + " itself: "
              + predicted
              + " is more than 80% of the "
              + free
              + " free on "
              + gpus;
      case RUNNER_CAP ->
          "Ollama would unload "
              + model.name()
              + " itself: "
              + loaded
              + " models are loaded, OLLAMA_MAX_LOADED_MODELS is "
              + maxLoaded;
    };
  }
}
