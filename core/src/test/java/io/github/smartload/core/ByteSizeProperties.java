package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class ByteSizeProperties {

  @Property
  void plainBytesRoundTrip(@ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long bytes) {
    assertThat(ByteSize.parse(Long.toString(bytes))).isEqualTo(ByteSize.ofBytes(bytes));
    assertThat(ByteSize.parse(bytes + " B")).isEqualTo(ByteSize.ofBytes(bytes));
  }

  @Property
  void theHumanFormParsesBackToTheSameHumanForm(
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000_000L) long bytes) {
    String shown = ByteSize.ofBytes(bytes).toString();

    ByteSize reparsed = ByteSize.parse(shown);

    assertThat(reparsed).hasToString(shown);
    assertThat(Math.abs(reparsed.bytes() - bytes)).isLessThanOrEqualTo(50_000_000L);
  }

  @Property
  void everyByteCountAboveOnePetabyteIsRefused(
      @ForAll @LongRange(min = 1_000_000_000_000_001L) long bytes) {
    assertThatThrownBy(() -> ByteSize.parse(bytes + "B"))
        .hasMessageContaining("more memory than any machine has");
  }

  @Property
  void binaryUnitsAreExactPowersOfTwo(@ForAll @LongRange(min = 0, max = 1_000_000) long mebibytes) {
    assertThat(ByteSize.parse(mebibytes + "MiB").bytes()).isEqualTo(mebibytes << 20);
  }
}
