package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalTest {

  @Test
  void readsPlainDigitsUpToLongMax() {
    assertThat(Decimal.parse("0")).contains(0L);
    assertThat(Decimal.parse("0042")).contains(42L);
    assertThat(Decimal.parse("9223372036854775807")).contains(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                    | no number",
        "-1                    | negative",
        "+1                    | not a whole number",
        "1a                    | not a whole number",
        "' 1'                  | not a whole number",
        "9223372036854775808   | too large to be a memory size",
        "18446744073709551615  | too large to be a memory size",
        "\u0661                | not a whole number",
      })
  void refusesEverythingElseAndSaysWhy(String text, String why) {
    assertThat(Decimal.parse(text)).isEmpty();
    assertThat(Decimal.why(text)).isEqualTo(why);
  }
}
