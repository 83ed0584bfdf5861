package io.github.smartload.cli;

import com.squareup.moshi.JsonAdapter;
import io.github.smartload.core.port.LoadListener;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a command's output goes: log lines or one JSON object on stdout, debug lines on stderr with
 * {@code -v}. In JSON mode the log is silent, so stdout holds the JSON object and nothing else.
 */
final class Console {

  private final PrintWriter out;
  private final PrintWriter err;
  private final Settings.Output settings;
  private final Messages messages;
  private final JsonAdapter<Object> json;

  Console(PrintWriter out, PrintWriter err, Settings.Output settings, JsonAdapter<Object> json) {
    this.out = out;
    this.err = err;
    this.settings = settings;
    this.messages = new Messages(settings.locale(), settings.emoji());
    this.json = json.indent("  ");
  }

  Messages messages() {
    return messages;
  }

  boolean json() {
    return settings.json();
  }

  /** A log line on stdout; nothing in JSON mode. */
  void line(String text) {
    if (!settings.json()) {
      out.println(text);
      out.flush();
    }
  }

  /** The one JSON object of a {@code --json} run. */
  void json(Map<String, Object> object) {
    out.println(json.toJson(object));
    out.flush();
  }

  /** A debug line on stderr, only with {@code -v}; built only then, as start-up time counts. */
  void debug(Supplier<String> text) {
    if (settings.verbose()) {
      err.println("debug: " + text.get());
      err.flush();
    }
  }

  PrintWriter err() {
    return err;
  }

  /** The log of a smart load: the original's lines, and each event on stderr with -v. */
  LoadListener loadLog(BigDecimal margin) {
    LoadListener log =
        settings.json() ? LoadListener.NONE : new MemoryCheckLog(this::line, messages, margin);
    return settings.verbose() ? log.andThen(event -> debug(event::toString)) : log;
  }
}
