package io.github.smartload.ollama.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What the soak's clients saw: the latency of every request served whole, and every outcome counted
 * by result (status code and cause, or the client's own exception) and by client kind.
 */
final class Tally {

  /** One request's outcome: {@code served} when it got a 2xx answer that ended cleanly. */
  record Outcome(Client kind, boolean served, String result, long nanos) {

    static Outcome served(Client kind, int status, long nanos) {
      return new Outcome(kind, true, String.valueOf(status), nanos);
    }

    static Outcome failed(Client kind, String result, long nanos) {
      return new Outcome(kind, false, result, nanos);
    }
  }

  /** The kinds of client the soak runs; the deliberate ones' latencies are their own. */
  enum Client {
    CHAT_STREAM(true),
    GENERATE_STREAM(true),
    OPENAI_STREAM(true),
    GENERATE_WHOLE(true),
    EMBED(true),
    SMALL_MODEL(true),
    ABORT_MID_STREAM(false),
    SLOW_SENDER(false),
    SLOW_READER(false),
    OVERSIZED_BODY(false),
    UNKNOWN_MODEL(false),
    UNLOAD(false),
    HEALTH(false);

    /** Whether its latency counts in p50/p99: ordinary requests only, not deliberate ones. */
    final boolean timed;

    Client(boolean timed) {
      this.timed = timed;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Map<String, Map<Client, LongAdder>> results = new ConcurrentSkipListMap<>();
  private final Map<Client, LongAdder> served = new ConcurrentHashMap<>();
  private final List<Long> latencies = new ArrayList<>();

  /**
   * When each result was first seen (its first three times), to set beside the upstream's events.
   */
  private final Map<String, List<String>> firstSeen = new ConcurrentHashMap<>();

  private final LongSupplier nanoTime;
  private final long start;

  /** A tally whose clock starts now; {@code nanoTime} is {@code System::nanoTime} but in tests. */
  Tally(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
  }

  void add(Outcome outcome) {
    long seconds = (nanoTime.getAsLong() - start) / 1_000_000_000L;
    List<String> times = firstSeen.computeIfAbsent(outcome.result(), result -> new ArrayList<>());
    synchronized (times) {
      if (times.size() < 3) {
        times.add(String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60));
      }
    }
    results
        .computeIfAbsent(outcome.result(), result -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome.kind(), kind -> new LongAdder())
        .increment();
    if (outcome.served()) {
      served.computeIfAbsent(outcome.kind(), kind -> new LongAdder()).increment();
      if (outcome.kind().timed) {
        synchronized (latencies) {
          latencies.add(outcome.nanos());
        }
      }
    }
  }

  long requests() {
    return results.values().stream()
        .flatMap(byKind -> byKind.values().stream())
        .mapToLong(LongAdder::sum)
        .sum();
  }

  long served() {
    return served.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The {@code q} quantile (0..1) of the timed requests' latency, in ms; NaN when none. */
  double quantileMillis(double q) {
    List<Long> sorted;
    synchronized (latencies) {
      sorted = new ArrayList<>(latencies);
    }
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    sorted.sort(Long::compare);
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }

  int timedCount() {
    synchronized (latencies) {
      return latencies.size();
    }
  }

  /** Every result but plain 2xx, most frequent first, with the client kinds that saw it. */
  List<String> errorLines() {
    List<Map.Entry<String, Map<Client, LongAdder>>> entries = new ArrayList<>();
    results.forEach(
        (result, byKind) -> {
          if (!result.matches("2\\d\\d")) {
            entries.add(Map.entry(result, byKind));
          }
        });
    entries.sort((a, b) -> Long.compare(total(b.getValue()), total(a.getValue())));
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, Map<Client, LongAdder>> entry : entries) {
      Map<String, Long> kinds = new TreeMap<>();
      entry.getValue().forEach((kind, count) -> kinds.put(kind.label(), count.sum()));
      lines.add(
          String.format(
              Locale.ROOT,
              "%6d  %s  [%s; first at %s]",
              total(entry.getValue()),
              entry.getKey(),
              kinds.toString().replaceAll("[{}]", ""),
              String.join(", ", firstSeen.get(entry.getKey()))));
    }
    return lines;
  }

  /** Requests served whole, per client kind. */
  String servedByKind() {
    Map<String, Long> kinds = new TreeMap<>();
    served.forEach((kind, count) -> kinds.put(kind.label(), count.sum()));
    return kinds.toString().replaceAll("[{}]", "");
  }

  private static long total(Map<Client, LongAdder> byKind) {
    return byKind.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
