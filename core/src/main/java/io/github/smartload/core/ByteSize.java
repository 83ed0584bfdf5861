package io.github.smartload.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory in bytes. GB means 10^9 bytes and GiB 2^30, as in Ollama's own output; the
 * human form is decimal gigabytes with one decimal ({@code 23.6 GB}).
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

  public static final ByteSize ZERO = new ByteSize(0);

  /**
   * The largest size {@link #parse} accepts: 1 PB, far beyond any machine's memory (the largest
   * single systems hold tens of TB). Sums of given sizes and a margin of up to 10 then stay far
   * from a {@code long}'s 9.2 EB, so a typo fails at parsing and never as an overflow later.
   */
  public static final ByteSize MAX_GIVEN = new ByteSize(1_000_000_000_000_000L);

  private static final Pattern SIZE =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)\\s*([a-z]*)", Pattern.CASE_INSENSITIVE);

  private static final Map<String, BigDecimal> UNITS =
      Map.ofEntries(
          Map.entry("", BigDecimal.ONE),
          Map.entry("b", BigDecimal.ONE),
          Map.entry("k", BigDecimal.TEN.pow(3)),
          Map.entry("kb", BigDecimal.TEN.pow(3)),
          Map.entry("m", BigDecimal.TEN.pow(6)),
          Map.entry("mb", BigDecimal.TEN.pow(6)),
          Map.entry("g", BigDecimal.TEN.pow(9)),
          Map.entry("gb", BigDecimal.TEN.pow(9)),
          Map.entry("t", BigDecimal.TEN.pow(12)),
          Map.entry("tb", BigDecimal.TEN.pow(12)),
          Map.entry("kib", BigDecimal.valueOf(1L << 10)),
          Map.entry("mib", BigDecimal.valueOf(1L << 20)),
          Map.entry("gib", BigDecimal.valueOf(1L << 30)),
          Map.entry("tib", BigDecimal.valueOf(1L << 40)));

  private static final BigDecimal GB = BigDecimal.TEN.pow(9);
  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal MAX_PARSED = BigDecimal.valueOf(MAX_GIVEN.bytes);

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative: " + bytes + " bytes");
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  /** Exact decimal gigabytes: {@code ofGigabytes("19")} is 19,000,000,000 bytes. */
  public static ByteSize ofGigabytes(String gigabytes) {
    return parse(gigabytes + "GB");
  }

  /**
   * Parses {@code 19GB}, {@code 5.2 GB}, {@code 512MiB}, {@code 1.5gb}, {@code 4096} (bytes). Units
   * are case-insensitive; fractions of a byte round to the nearest byte.
   *
   * @throws IllegalArgumentException naming the input when it is not a size, or one above {@link
   *     #MAX_GIVEN}
   */
  public static ByteSize parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "empty size: give a number with a unit, like 19GB or 512MiB");
    }
    Matcher matcher = SIZE.matcher(text.strip());
    if (!matcher.matches()) {
      String why = text.strip().startsWith("-") ? "a size cannot be negative" : "not a size";
      throw new IllegalArgumentException(
          "'" + text + "': " + why + "; give a number with a unit, like 19GB or 512MiB");
    }
    BigDecimal unit = UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT));
    if (unit == null) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has an unknown unit '"
              + matcher.group(2)
              + "': use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB");
    }
    BigDecimal bytes =
        new BigDecimal(matcher.group(1)).multiply(unit).setScale(0, RoundingMode.HALF_UP);
    if (bytes.compareTo(MAX_PARSED) > 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is more memory than any machine has: give at most 1000TB (1 PB)");
    }
    return new ByteSize(bytes.longValueExact());
  }

  public ByteSize plus(ByteSize other) {
    return new ByteSize(Math.addExact(bytes, other.bytes));
  }

  /** This minus {@code other}, or zero when {@code other} is larger. */
  public ByteSize minusOrZero(ByteSize other) {
    return new ByteSize(Math.max(0, bytes - other.bytes));
  }

  /** This times {@code factor}, rounded half-up to whole bytes. */
  public ByteSize times(BigDecimal factor) {
    BigDecimal product =
        BigDecimal.valueOf(bytes).multiply(factor).setScale(0, RoundingMode.HALF_UP);
    if (product.compareTo(MAX) > 0) {
      throw new ArithmeticException(this + " x " + factor + " overflows");
    }
    return new ByteSize(product.longValueExact());
  }

  public boolean isLessThan(ByteSize other) {
    return bytes < other.bytes;
  }

  public boolean isAtLeast(ByteSize other) {
    return bytes >= other.bytes;
  }

  /** Decimal gigabytes rounded half-up to {@code scale} decimals, the number without the unit. */
  public String gigabytes(int scale) {
    return BigDecimal.valueOf(bytes).divide(GB, scale, RoundingMode.HALF_UP).toPlainString();
  }

  @Override
  public int compareTo(ByteSize other) {
    return Long.compare(bytes, other.bytes);
  }

  /** The original's format: decimal GB with one decimal, {@code 23.6 GB}. */
  @Override
  public String toString() {
    return gigabytes(1) + " GB";
  }
}
