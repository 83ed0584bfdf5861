package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ModelName;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last few admissions the coordinator decided, newest first, for the status endpoint. */
final class RecentDecisions {

  /** One decided admission: the decision's kind and numbers, what was unloaded, how it ended. */
  record Entry(
      Instant at,
      ModelName model,
      String kind,
      long requiredBytes,
      long availableBytes,
      List<String> unloaded,
      String outcome) {
    Entry {
      unloaded = List.copyOf(unloaded);
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
