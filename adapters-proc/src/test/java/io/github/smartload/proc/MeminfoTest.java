package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeminfoTest {

  private static final Path FILE = Path.of("/proc/meminfo");

  private static Meminfo parse(String text) {
    return Meminfo.parse(text, FILE);
  }

  @Test
  void readsKilobytesAsKibibytes() {
    Meminfo meminfo = parse("MemTotal:       24684096 kB\nMemFree:        1 kB\n");

    assertThat(meminfo.bytes("MemTotal")).isEqualTo(ByteSize.ofBytes(24_684_096L * 1024));
    assertThat(meminfo.bytes("MemFree")).isEqualTo(ByteSize.ofBytes(1024));
  }

  @Test
  void toleratesAnyOrderAndSpacingAndNoFinalNewline() {
    Meminfo meminfo = parse("MemFree:5 kB\n\nMemTotal:\t  7 kB   ");

    assertThat(meminfo.bytes("MemTotal").bytes()).isEqualTo(7 * 1024);
    assertThat(meminfo.bytes("MemFree").bytes()).isEqualTo(5 * 1024);
  }

  @Test
  void fieldsWithoutUnitsThatTheProbeDoesNotUseAreIgnored() {
    Meminfo meminfo = parse("HugePages_Total:       0\nMemTotal: 4 kB\n");

    assertThat(meminfo.bytes("MemTotal").bytes()).isEqualTo(4096);
    assertThat(meminfo.has("HugePages_Total")).isTrue();
  }

  @Test
  void aMissingFieldIsNamed() {
    assertThatThrownBy(() -> parse("MemTotal: 4 kB\n").bytes("SwapFree"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage("/proc/meminfo has no SwapFree field");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "12 MB         | /proc/meminfo field MemTotal '12 MB': expected kB",
        "12            | /proc/meminfo field MemTotal '12': has no unit, expected kB",
        "12 kB extra   | /proc/meminfo field MemTotal '12 kB extra': expected kB",
        "-12 kB        | /proc/meminfo field MemTotal '-12 kB': negative",
        "twelve kB     | /proc/meminfo field MemTotal 'twelve kB': not a whole number",
        "1.5 kB        | /proc/meminfo field MemTotal '1.5 kB': not a whole number",
        "99999999999999999999 kB | "
            + "/proc/meminfo field MemTotal '99999999999999999999 kB': too large to be a memory size",
        "9007199254740992 kB | "
            + "/proc/meminfo field MemTotal '9007199254740992 kB': too large to be a memory size",
      })
  void aMalformedValueIsAOneLineErrorNamingFileAndField(String value, String message) {
    Meminfo meminfo = parse("MemTotal: " + value.strip() + "\n");

    assertThatThrownBy(() -> meminfo.bytes("MemTotal"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(message.strip());
  }

  @Test
  void aFieldListedTwiceIsRefused() {
    assertThatThrownBy(() -> parse("MemTotal: 4 kB\nMemFree: 1 kB\nMemTotal: 4 kB\n"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage("/proc/meminfo lists MemTotal twice: the file is not sound");
  }

  @Test
  void anEmptyFileIsRefused() {
    assertThatThrownBy(() -> parse(""))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage("/proc/meminfo is empty: the kernel gave no memory figures");
    assertThatThrownBy(() -> parse(" \n\n"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessageContaining("is empty");
  }

  @Test
  void aLineWithoutAFieldNameIsRefusedWithItsNumber() {
    assertThatThrownBy(() -> parse("MemTotal: 4 kB\nMemFr\n"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage("/proc/meminfo line 2 'MemFr' is not 'Field: value'");
    assertThatThrownBy(() -> parse(": 4 kB\n"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage("/proc/meminfo line 1 ': 4 kB' is not 'Field: value'");
  }
}
