package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.PoolUse;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last few admissions the coordinator decided, newest first, for the status endpoint. */
final class RecentDecisions {

  /**
   * One decided admission: the decision's kind and numbers, what was unloaded, how it ended, and
   * each memory pool when there are GPUs (RAM's part first; empty without a discrete GPU).
   */
  record Entry(
      Instant at,
      ModelName model,
      String kind,
      long requiredBytes,
      long availableBytes,
      List<String> unloaded,
      String outcome,
      List<PoolUse> pools) {
    Entry {
      unloaded = List.copyOf(unloaded);
      pools = List.copyOf(pools);
    }
  }

  private final int capacity;
  private final Deque<Entry> entries = new ArrayDeque<>();

  RecentDecisions(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(Entry entry) {
    entries.addFirst(entry);
    while (entries.size() > capacity) {
      entries.removeLast();
    }
  }

  synchronized List<Entry> newestFirst() {
    return List.copyOf(entries);
  }
}
