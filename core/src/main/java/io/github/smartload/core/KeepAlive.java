package io.github.smartload.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a runtime keeps a model resident after its last request. Negative means forever, zero
 * means unload now. Parses Go durations ({@code 15m}, {@code 1h30m}, {@code -1m}) as Ollama does.
 */
public record KeepAlive(Duration duration) {

  /** The original's setting: models stay 15 minutes after their last request. */
  public static final KeepAlive DEFAULT = new KeepAlive(Duration.ofMinutes(15));

  public static final KeepAlive FOREVER = new KeepAlive(Duration.ofSeconds(-1));

  private static final Pattern GO_DURATION =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");

  public KeepAlive {
    Objects.requireNonNull(duration, "duration");
  }

  public boolean isForever() {
    return duration.isNegative();
  }

  /**
   * Parses a Go duration such as {@code 15m}, {@code 1h30m}, {@code 0s} or {@code -1m}; a bare
   * {@code 0} is accepted as Go does, other bare numbers are not (Ollama answers them with 400).
   */
  public static KeepAlive parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty keep-alive: give a duration like 15m or 1h30m");
    }
    String value = text.strip();
    boolean negative = value.startsWith("-");
    if (negative || value.startsWith("+")) {
      value = value.substring(1);
    }
    if (value.equals("0")) {
      return new KeepAlive(Duration.ZERO);
    }
    Matcher matcher = GO_DURATION.matcher(value);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(nanosPer(matcher.group(2))));
      end = matcher.end();
    }
    if (end == 0 || end != value.length()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration: use a number with a unit (ns, us, ms, s, m, h), like 15m,"
              + " 1h30m or -1m for forever");
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      // Go keeps durations in int64 nanoseconds; beyond that Ollama answers 400, and a wrapped
      // value would turn into a negative duration, "forever".
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is too long: a duration may be at most about 2562047h; use -1m for forever");
    }
    long exact = nanos.longValue();
    return new KeepAlive(Duration.ofNanos(negative ? -exact : exact));
  }

  private static BigDecimal nanosPer(String unit) {
    return switch (unit) {
      case "ns" -> BigDecimal.ONE;
      case "us", "µs", "μs" -> BigDecimal.valueOf(1_000L);
      case "ms" -> BigDecimal.valueOf(1_000_000L);
      case "s" -> BigDecimal.valueOf(1_000_000_000L);
      case "m" -> BigDecimal.valueOf(60_000_000_000L);
      case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
      default -> throw new IllegalStateException("unit " + unit);
    };
  }

  /** The Go form Ollama accepts: {@code 15m0s}-style, shortest exact, {@code -1s} for forever. */
  public String toGoDuration() {
    if (duration.isZero()) {
      return "0s";
    }
    Duration abs = duration.abs();
    StringBuilder out = new StringBuilder(duration.isNegative() ? "-" : "");
    long hours = abs.toHours();
    long minutes = abs.toMinutesPart();
    long seconds = abs.toSecondsPart();
    long nanos = abs.toNanosPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0 || nanos > 0) {
      out.append(seconds);
      if (nanos > 0) {
        out.append('.')
            .append(String.format(java.util.Locale.ROOT, "%09d", nanos).replaceAll("0+$", ""));
      }
      out.append('s');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return isForever() ? "forever" : toGoDuration();
  }
}
