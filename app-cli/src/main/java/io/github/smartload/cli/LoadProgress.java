package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A status line on a terminal's stderr while a load waits: for Ollama to release models, then for
 * the model to load (tens of seconds on CPU), with the time elapsed, redrawn every second. It wraps
 * the log so that log lines never land in the middle of the status line. Used on terminals only.
 */
final class LoadProgress implements LoadListener, AutoCloseable {

  private final PrintWriter err;
  private final Messages messages;
  private final LoadListener log;
  private final Clock clock;
  private final ScheduledExecutorService ticker;
  private String what;
  private String key;
  private Instant since;
  private boolean shown;

  LoadProgress(PrintWriter err, Messages messages, LoadListener log, Clock clock) {
    this.err = err;
    this.messages = messages;
    this.log = log;
    this.clock = clock;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "smartload-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void on(LoadEvent event) {
    clear();
    log.on(event);
    if (event instanceof LoadEvent.WaitingForUnload waiting) {
      show("progress.waiting", names(waiting.stillListed()));
    } else if (event instanceof LoadEvent.LoadStarted started) {
      show("progress.loading", started.model().toString());
    } else {
      key = null;
    }
  }

  private void show(String messageKey, String subject) {
    if (!messageKey.equals(key) || !subject.equals(what)) {
      since = clock.instant();
    }
    key = messageKey;
    what = subject;
    draw();
  }

  private synchronized void redraw() {
    if (key != null) {
      clear();
      draw();
    }
  }

  private void draw() {
    long seconds = Duration.between(since, clock.instant()).toSeconds();
    err.print(messages.line(0, Symbol.WAIT, key, what, seconds + "s"));
    err.flush();
    shown = true;
  }

  private void clear() {
    if (shown) {
      err.print("\r\033[K");
      err.flush();
      shown = false;
    }
  }

  private static String names(List<ModelName> models) {
    return models.stream().map(ModelName::toString).collect(Collectors.joining(", "));
  }

  @Override
  public synchronized void close() {
    ticker.shutdownNow();
    key = null;
    clear();
  }
}
