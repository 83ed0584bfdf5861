package io.github.smartload.ollama.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the fake machine records: the things a smart loader must never cause, memory in use beyond
 * the total (each stretch counted once, the first ones described) and unloads of a model while a
 * stream from it runs; and how often each model was loaded, unloaded and reloaded at another
 * context. Not thread-safe: the machine's lock guards it.
 */
final class FakeRecord {

  private static final int DESCRIBED = 20;

  private final ByteSize total;
  private final List<String> overcommits = new ArrayList<>();
  private ByteSize peakUsed;
  private boolean over;
  private int overcommitCount;
  private int busyUnloads;
  private final Map<ModelName, Integer> loads = new HashMap<>();
  private final Map<ModelName, Integer> unloads = new HashMap<>();
  private final Map<ModelName, Integer> reloads = new HashMap<>();

  FakeRecord(ByteSize total, ByteSize used) {
    this.total = total;
    this.peakUsed = used;
    this.over = used.compareTo(total) > 0;
    this.overcommitCount = over ? 1 : 0;
  }

  /**
   * Memory in use is now {@code used}, after {@code cause}; {@code resident} says what holds it.
   */
  void used(ByteSize used, Instant at, String cause, Supplier<String> resident) {
    if (used.compareTo(peakUsed) > 0) {
      peakUsed = used;
    }
    boolean nowOver = used.compareTo(total) > 0;
    if (nowOver && !over) {
      overcommitCount++;
      if (overcommits.size() < DESCRIBED) {
        overcommits.add(
            at
                + " "
                + cause
                + ": "
                + used.gigabytes(1)
                + " GB used of "
                + total.gigabytes(1)
                + " GB: "
                + resident.get());
      }
    }
    over = nowOver;
  }

  void busyUnload() {
    busyUnloads++;
  }

  ByteSize peakUsed() {
    return peakUsed;
  }

  int overcommitCount() {
    return overcommitCount;
  }

  List<String> overcommits() {
    return List.copyOf(overcommits);
  }

  int busyUnloads() {
    return busyUnloads;
  }

  void loaded(ModelName model) {
    loads.merge(model, 1, Integer::sum);
  }

  void unloaded(ModelName model) {
    unloads.merge(model, 1, Integer::sum);
  }

  void reloaded(ModelName model) {
    reloads.merge(model, 1, Integer::sum);
  }

  int loadCount(ModelName model) {
    return loads.getOrDefault(model, 0);
  }

  int unloadCount(ModelName model) {
    return unloads.getOrDefault(model, 0);
  }

  int reloadCount(ModelName model) {
    return reloads.getOrDefault(model, 0);
  }
}
