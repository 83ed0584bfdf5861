package io.github.smartload.core;

/**
 * Linux pressure stall information for memory: the share of the last 10 seconds in which some (or
 * all) tasks waited for memory, in percent.
 */
public record MemoryPressure(double someAvg10, double fullAvg10) {

  public MemoryPressure {
    requirePercent(someAvg10, "some avg10");
    requirePercent(fullAvg10, "full avg10");
  }

  private static void requirePercent(double value, String name) {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException(name + " must be a percentage from 0 to 100: " + value);
    }
  }
}
