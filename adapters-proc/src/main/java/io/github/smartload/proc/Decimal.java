package io.github.smartload.proc;

import java.util.Optional;

/** Non-negative decimal integers as the kernel writes them: digits only, no sign, no spaces. */
final class Decimal {

  private static final int MAX_DIGITS = 19;

  private Decimal() {}

  /** The value, or empty when the text is not plain digits or overflows a {@code long}. */
  static Optional<Long> parse(String text) {
    if (text.isEmpty() || text.length() > MAX_DIGITS) {
      return Optional.empty();
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return Optional.empty();
      }
      try {
        value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
      } catch (ArithmeticException overflow) {
        return Optional.empty();
      }
    }
    return Optional.of(value);
  }

  /** Why {@link #parse} refused the text, for an error message. */
  static String why(String text) {
    if (text.isEmpty()) {
      return "no number";
    }
    if (text.startsWith("-")) {
      return "negative";
    }
    if (text.chars().allMatch(Decimal::isDigit)) {
      return "too large to be a memory size";
    }
    return "not a whole number";
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
