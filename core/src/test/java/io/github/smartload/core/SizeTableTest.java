package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SizeTableTest {

  private static final ModelName QWEN3_8B = ModelName.parse("qwen3:8b");

  @Test
  void withAllAddsAHundredThousandSizesInTheirOrder() {
    Map<ModelName, ByteSize> sizes = new LinkedHashMap<>();
    for (int i = 0; i < 100_000; i++) {
      sizes.put(ModelName.parse("m" + i + ":1b"), ByteSize.ofBytes(i + 1L));
    }

    SizeTable table = SizeTable.defaults().withAll(sizes, "config.json");

    assertThat(table.entries()).hasSize(SizeTable.defaults().entries().size() + 100_000);
    assertThat(table.entries().get(SizeTable.defaults().entries().size()))
        .isEqualTo(
            new SizeTable.Entry(ModelName.parse("m0:1b"), ByteSize.ofBytes(1), "config.json"));
    assertThat(table.sizeOf(ModelName.parse("m99999:1b"))).contains(ByteSize.ofBytes(100_000));
    assertThat(table.sizeOf(QWEN3_8B)).contains(ByteSize.ofGigabytes("5.2"));
  }

  @Test
  void aSizeForAListedModelReplacesItsEntryWhereItStands() {
    SizeTable table =
        SizeTable.defaults().withAll(Map.of(QWEN3_8B, ByteSize.ofGigabytes("5.5")), "config.json");

    assertThat(table.entries())
        .extracting(SizeTable.Entry::model)
        .containsExactlyElementsOf(
            SizeTable.defaults().entries().stream().map(SizeTable.Entry::model).toList());
    assertThat(table.entries())
        .contains(new SizeTable.Entry(QWEN3_8B, ByteSize.ofGigabytes("5.5"), "config.json"));
  }

  @Test
  void withAddsOneEntryAndLeavesTheOriginalAlone() {
    SizeTable table =
        SizeTable.defaults().with(ModelName.parse("phi4:14b"), ByteSize.ofGigabytes("9.1"), "flag");

    assertThat(table.sizeOf(ModelName.parse("phi4:14b"))).contains(ByteSize.ofGigabytes("9.1"));
    assertThat(SizeTable.defaults().contains(ModelName.parse("phi4:14b"))).isFalse();
  }
}
