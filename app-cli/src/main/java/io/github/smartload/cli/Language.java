package io.github.smartload.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the language and whether emoji can be shown as gettext and terminals do, from the
 * environment: Java's default locale cannot be trusted, it falls back to en_US when the named
 * locale is not installed on the machine.
 */
final class Language {

  private Language() {}

  /**
   * German for {@code de}, English otherwise; {@code --lang} first, then the first of {@code
   * LC_ALL}, {@code LC_MESSAGES}, {@code LANG} that is set.
   */
  static Locale choose(Optional<String> flag, Environment env) {
    String value =
        flag.or(() -> env.get("LC_ALL"))
            .or(() -> env.get("LC_MESSAGES"))
            .or(() -> env.get("LANG"))
            .orElse("en");
    return languageOf(value).equals("de") ? Locale.GERMAN : Locale.ENGLISH;
  }

  /**
   * Whether the terminal can show emoji: its character set (from {@code LC_ALL}, {@code LC_CTYPE},
   * {@code LANG}) is UTF-8 and it is not the Linux console, whose font has none.
   */
  static boolean emoji(Environment env) {
    String charset =
        env.get("LC_ALL").or(() -> env.get("LC_CTYPE")).or(() -> env.get("LANG")).orElse("C");
    String normalized = charset.toLowerCase(Locale.ROOT).replace("-", "");
    boolean utf8 = normalized.contains("utf8");
    boolean console = env.get("TERM").map(term -> term.equals("linux")).orElse(false);
    return utf8 && !console;
  }

  /**
   * {@code --lang}'s value, checked: a language smartload speaks ({@code de}, {@code en}, also
   * written {@code de_DE.UTF-8}), else an error like any bad option value.
   */
  static String checkFlag(String value) {
    String language = languageOf(value);
    if (!language.equals("en") && !language.equals("de")) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a language smartload speaks: use en or de");
    }
    return value;
  }

  /** {@code de_DE.UTF-8@euro} is {@code de}; {@code C} and {@code POSIX} are English. */
  private static String languageOf(String value) {
    String language = value.strip().toLowerCase(Locale.ROOT);
    int end = 0;
    while (end < language.length() && Character.isLetter(language.charAt(end))) {
      end++;
    }
    return language.substring(0, end);
  }
}
