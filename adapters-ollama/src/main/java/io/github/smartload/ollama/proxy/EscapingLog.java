package io.github.smartload.ollama.proxy;

/**
 * A {@link ProxyLog} that escapes control characters: a model name or message a client sent could
 * otherwise start a forged line ({@code \n}) or drive the operator's terminal ({@code ESC [31m}).
 * Every line the proxy writes goes through it, so no call site can forget.
 */
final class EscapingLog implements ProxyLog {

  private final ProxyLog inner;

  EscapingLog(ProxyLog inner) {
    this.inner = inner;
  }

  @Override
  public void info(String line) {
    inner.info(escape(line));
  }

  @Override
  public void warn(String line) {
    inner.warn(escape(line));
  }

  /**
   * {@code \n}, {@code \r}, {@code \t} as such; other C0, DEL, C1 and line separators as \\uXXXX.
   */
  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String replacement(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default ->
          c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
              ? String.format("\\u%04x", (int) c)
              : null;
    };
  }
}
