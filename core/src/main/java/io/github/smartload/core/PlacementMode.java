package io.github.smartload.core;

import java.util.Locale;

/** What a model must fit before it loads, where there are GPUs ({@code --placement}). */
public enum PlacementMode {
  /**
   * Anywhere: layers that do not fit the GPUs spill to system RAM, as llama-server's fit places
   * them; only the RAM part is checked (against swapping), so the GPUs never "do not fit".
   */
  ANY,
  /**
   * Wholly on the GPUs: a model with layers left in RAM does not fit, and models holding VRAM are
   * unloaded until it does.
   */
  GPU;

  /** The name on the command line and in the config file: {@code any}, {@code gpu}. */
  public String settingName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static PlacementMode parse(String text) {
    for (PlacementMode mode : values()) {
      if (mode.settingName().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a placement: use any or gpu");
  }
}
