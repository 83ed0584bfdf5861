package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

  @ParameterizedTest
  @CsvSource({
    "19GB, 19000000000",
    "5.2 GB, 5200000000",
    "512MiB, 536870912",
    "1.5gb, 1500000000",
    "4096, 4096",
    "4096 B, 4096",
    "2 GiB, 2147483648",
    "1kb, 1000",
    "1 KiB, 1024",
    "0.5 TB, 500000000000",
    "'  7 G  ', 7000000000",
    ".5GB, 500000000"
  })
  void parsesDecimalAndBinaryUnits(String text, long bytes) {
    assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "GB", "abc", "19 XB", "1.2.3GB", "--5GB", "5 G B", "NaN"})
  void rejectsGarbageNamingTheInput(String text) {
    assertThatThrownBy(() -> ByteSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("null");
  }

  @Test
  void rejectsNegativeSizesSayingSo() {
    assertThatThrownBy(() -> ByteSize.parse("-5GB"))
        .hasMessage(
            "'-5GB': a size cannot be negative; give a number with a unit, like 19GB or 512MiB");
    assertThatThrownBy(() -> ByteSize.ofBytes(-1)).hasMessageContaining("negative");
  }

  @Test
  void rejectsOverflowNamingTheInput() {
    assertThatThrownBy(() -> ByteSize.parse("99999999999 TB"))
        .hasMessage(
            "'99999999999 TB' is more memory than any machine has: give at most 1000TB (1 PB)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807B", "9000000000GB", "1000000000000001", "910TiB"})
  void rejectsSizesBeyondAnyMachine(String text) {
    assertThatThrownBy(() -> ByteSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'" + text + "' is more memory than any machine has: give at most 1000TB (1 PB)");
  }

  @Test
  void acceptsUpToOnePetabyte() {
    assertThat(ByteSize.parse("1000TB")).isEqualTo(ByteSize.ofBytes(1_000_000_000_000_000L));
    assertThat(ByteSize.parse("909TiB").bytes()).isLessThan(1_000_000_000_000_000L);
  }

  @Test
  void namesAnUnknownUnit() {
    assertThatThrownBy(() -> ByteSize.parse("19 XB")).hasMessageContaining("unknown unit 'XB'");
  }

  @ParameterizedTest
  @CsvSource({
    "23600000000, 23.6 GB",
    "19000000000, 19.0 GB",
    "1680000000, 1.7 GB",
    "5137025024, 5.1 GB",
    "0, 0.0 GB",
    "49999999, 0.0 GB",
    "50000000, 0.1 GB"
  })
  void formatsAsTheOriginalDoesInDecimalGigabytes(long bytes, String shown) {
    assertThat(ByteSize.ofBytes(bytes)).hasToString(shown);
  }

  @Test
  void multipliesExactlyWithoutFloatingPointDrift() {
    assertThat(ByteSize.ofGigabytes("19").times(new BigDecimal("1.20")).bytes())
        .isEqualTo(22_800_000_000L);
    assertThat(ByteSize.ofGigabytes("1.4").times(new BigDecimal("1.20")).gigabytes(2))
        .isEqualTo("1.68");
  }

  @Test
  void subtractsDownToZeroOnly() {
    assertThat(ByteSize.ofBytes(5).minusOrZero(ByteSize.ofBytes(9))).isEqualTo(ByteSize.ZERO);
    assertThat(ByteSize.ofBytes(9).minusOrZero(ByteSize.ofBytes(5)).bytes()).isEqualTo(4);
  }
}
