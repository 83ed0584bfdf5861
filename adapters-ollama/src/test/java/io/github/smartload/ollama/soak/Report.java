package io.github.smartload.ollama.soak;

import io.github.smartload.ollama.fake.FakeOllama;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The soak's figures, as the README quotes them, and its verdict (the exit code). */
final class Report {

  /** RSS at the end may exceed the start by this factor plus {@link #RSS_SLACK_KB}. */
  static final double RSS_FACTOR = 1.5;

  static final long RSS_SLACK_KB = 64 * 1024;

  /** Threads at the end may exceed the start by this many (the clients' own concurrency). */
  static final int THREAD_SLACK = 24;

  private final PrintStream out;
  private final SoakSettings settings;
  private final Tally tally;
  private final FakeOllama fake;
  private final List<String> events;
  private final Soak.Usage usage;
  private final ProxyProcess.Usage atStart;
  private final ProxyProcess.Usage atEnd;
  private final ProxyProcess proxy;

  Report(
      PrintStream out,
      SoakSettings settings,
      Tally tally,
      FakeOllama fake,
      List<String> events,
      Soak.Usage usage,
      ProxyProcess.Usage atStart,
      ProxyProcess.Usage atEnd,
      ProxyProcess proxy) {
    this.out = out;
    this.settings = settings;
    this.tally = tally;
    this.fake = fake;
    this.events = events;
    this.usage = usage;
    this.atStart = atStart;
    this.atEnd = atEnd;
    this.proxy = proxy;
  }

  /** Prints the figures and returns the exit code: 0 clean, 1 when something is wrong. */
  int print(boolean alive, boolean drained, int exit, Duration stopped) throws IOException {
    List<String> findings = new ArrayList<>();
    line(
        "requests: %d sent, %d served whole (%s)",
        tally.requests(), tally.served(), tally.servedByKind());
    line(
        "latency of ordinary requests served whole (%d; streams read to their end): "
            + "p50 %.1f ms, p99 %.1f ms",
        tally.timedCount(), tally.quantileMillis(0.50), tally.quantileMillis(0.99));
    line("other outcomes, by status and cause [client kinds]:");
    tally.errorLines().forEach(entry -> line("  %s", entry));
    line(
        "upstream events: %s",
        events.isEmpty() ? "none (run too short)" : String.join(", ", events));
    fake.overcommitRecords().forEach(record -> line("  over-commit at %s", record));
    long loads = models().mapToLong(fake::loadCount).sum();
    long unloads = models().mapToLong(fake::unloadCount).sum();
    line(
        "fake Ollama's record: %d over-commit(s) (peak used %s of 24 GB), %d busy unload(s), "
            + "%d loads, %d unloads",
        fake.overcommitCount(), fake.peakUsed(), fake.busyUnloadCount(), loads, unloads);
    line(
        "proxy process: after %d s warm-up %s; at the end %s; peak %s",
        settings.warmUp().toSeconds(),
        atStart.describe(),
        atEnd.describe(),
        usage.peak().describe());
    line(
        "proxy log: %d WARN lines, %d internal errors; stop on SIGTERM: exit %d in %.1f s",
        proxy.logLines("WARN"),
        proxy.logLines("internal error"),
        exit,
        stopped.toMillis() / 1000.0);
    line("machine at the end: load average %s", SoakSettings.loadAverage());
    if (fake.overcommitCount() > 0) {
      findings.add("the machine was over-committed " + fake.overcommitCount() + " time(s)");
    }
    if (fake.busyUnloadCount() > 0) {
      findings.add(fake.busyUnloadCount() + " model(s) unloaded while a stream from them ran");
    }
    long rssLimit = (long) (atStart.rssKb() * RSS_FACTOR) + RSS_SLACK_KB;
    if (atEnd.rssKb() > rssLimit) {
      findings.add(
          String.format(
              Locale.ROOT,
              "RSS grew beyond %.1fx + 64 MiB: %d kB to %d kB",
              RSS_FACTOR,
              atStart.rssKb(),
              atEnd.rssKb()));
    }
    if (atEnd.threads() > atStart.threads() + THREAD_SLACK) {
      findings.add(
          "threads grew by more than "
              + THREAD_SLACK
              + ": "
              + atStart.threads()
              + " to "
              + atEnd.threads());
    }
    if (!alive) {
      findings.add("the proxy process died during the soak (see its log)");
    }
    if (tally.served() == 0) {
      findings.add("no request was served");
    }
    if (!drained) {
      findings.add("clients still waiting 3 minutes after the end");
    }
    line(
        "tolerances: RSS at the end <= %.1f x start + 64 MiB, threads <= start + %d",
        RSS_FACTOR, THREAD_SLACK);
    line(findings.isEmpty() ? "soak: CLEAN" : "soak: FAILED: " + String.join("; ", findings));
    return findings.isEmpty() ? 0 : 1;
  }

  private static Stream<String> models() {
    return Stream.concat(Traffic.MODELS.stream(), Stream.of(Traffic.SMALL, Traffic.UNLOADED));
  }

  private void line(String pattern, Object... values) {
    out.println(String.format(Locale.ROOT, pattern, values));
  }
}
