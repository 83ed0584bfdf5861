package io.github.smartload.cli;

import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.ModelRuntime;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The log's wording in one language, with its symbols as emoji or as plain text. Lines keep the
 * original's shape: a symbol, a space, the text, so that operators' greps still match.
 */
public final class Messages {

  /** The symbols the original log starts its lines with, each with a plain stand-in. */
  public enum Symbol {
    CHECK("📊", "*"),
    OK("✅", "[ok]"),
    WARN("⚠️", "[!]"),
    LARGE("🔄", "->"),
    SWEEP("🧹", "[-]"),
    BIN("🗑️", "-"),
    FAIL("❌", "[x]"),
    WAIT("⏳", "..."),
    NONE("", "");

    private final String emoji;
    private final String plain;

    Symbol(String emoji, String plain) {
      this.emoji = emoji;
      this.plain = plain;
    }
  }

  private static final String BUNDLE = "io.github.smartload.cli.messages";

  /** How the Ollama adapter describes itself: {@code Ollama at http://127.0.0.1:11434/}. */
  private static final String OLLAMA_AT = "Ollama at ";

  private final ResourceBundle bundle;
  private final boolean emoji;

  public Messages(Locale locale, boolean emoji) {
    // No fallback to the JVM's default locale: the choice was made from the environment already.
    this.bundle =
        ResourceBundle.getBundle(
            BUNDLE,
            locale,
            Messages.class.getClassLoader(),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    this.emoji = emoji;
  }

  /** The text of {@code key} with {@code {0}}, {@code {1}}... replaced by the arguments. */
  public String text(String key, Object... args) {
    String text = bundle.getString(key);
    for (int i = 0; i < args.length; i++) {
      text = text.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return text;
  }

  /** The text of {@code key}, or {@code fallback} where the bundles do not have it (yet). */
  private String textOr(String key, String fallback) {
    return bundle.containsKey(key) ? text(key) : fallback;
  }

  /** A line: {@code indent} spaces, the symbol, a space, the text. */
  public String line(int indent, Symbol symbol, String key, Object... args) {
    String mark = emoji ? symbol.emoji : symbol.plain;
    String prefix = " ".repeat(indent) + (mark.isEmpty() ? "" : mark + " ");
    return prefix + text(key, args);
  }

  /** A doctor check's name ({@code memory pressure}) as the operator's language says it. */
  public String checkName(String name) {
    return textOr("phrase.check." + name.toLowerCase(Locale.ROOT).replace(' ', '_'), name);
  }

  /**
   * Where the memory figure came from: its kind in this language, then the file or cgroup read
   * ({@code host /proc/meminfo}).
   */
  public String source(MemorySource source) {
    String id = source.kind().name().toLowerCase(Locale.ROOT);
    String kind = textOr("phrase.source." + id, id);
    return source.detail().isEmpty() ? kind : kind + " " + source.detail();
  }

  /**
   * The runtime as {@link ModelRuntime#describe()} names it, with Ollama's "Ollama at URL" said in
   * this language, so that a German line holds no English phrase.
   */
  public String runtime(ModelRuntime runtime) {
    return runtime(runtime.describe());
  }

  /** A runtime's {@link ModelRuntime#describe()} text, said in this language. */
  public String runtime(String described) {
    return described.startsWith(OLLAMA_AT)
        ? text("phrase.runtime.ollama", described.substring(OLLAMA_AT.length()))
        : described;
  }

  public Locale locale() {
    return bundle.getLocale();
  }
}
