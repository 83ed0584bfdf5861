package io.github.smartload.core.size;

import java.util.Locale;

/** How a model's requirement is estimated ({@code --estimate}). */
public enum EstimateMode {
  /** The footprint where the model's facts are known, else the margin (saying which were not). */
  AUTO,
  /** The footprint only: a model whose facts are missing is an error, never a guess. */
  ARCHITECTURE,
  /** The seed's rule, size x margin, whatever the context. */
  MARGIN;

  /** The name on the command line and in the config file: {@code auto}. */
  public String settingName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static EstimateMode parse(String text) {
    for (EstimateMode mode : values()) {
      if (mode.settingName().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not an estimate: use auto, architecture or margin");
  }
}
