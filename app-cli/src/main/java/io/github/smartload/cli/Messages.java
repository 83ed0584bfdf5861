package io.github.smartload.cli;

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

  /** A line: {@code indent} spaces, the symbol, a space, the text. */
  public String line(int indent, Symbol symbol, String key, Object... args) {
    String mark = emoji ? symbol.emoji : symbol.plain;
    String prefix = " ".repeat(indent) + (mark.isEmpty() ? "" : mark + " ");
    return prefix + text(key, args);
  }

  public Locale locale() {
    return bundle.getLocale();
  }
}
