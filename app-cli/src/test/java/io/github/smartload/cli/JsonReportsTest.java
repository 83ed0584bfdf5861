package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.footprint.Estimate;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code --json} names, which scripts match on, whatever the machine's locale. */
class JsonReportsTest {

  @Test
  void aMarginFallbackForMissingFactsNamesThem() {
    Map<String, Object> json =
        JsonReports.withEstimate(
            new LinkedHashMap<>(),
            Optional.of(
                new Estimate.ByMargin(
                    ByteSize.ofGigabytes("9"), new BigDecimal("1.20"), List.of("block_count"))));

    assertThat(json)
        .containsEntry("estimate", "margin")
        .containsEntry("missingFacts", List.of("block_count"));
  }

  @Test
  void theMarginAskedForOrNoFactsSourceAddsNothing() {
    Map<String, Object> json =
        JsonReports.withEstimate(
            new LinkedHashMap<>(),
            Optional.of(
                new Estimate.ByMargin(
                    ByteSize.ofGigabytes("9"), new BigDecimal("1.20"), List.of())));

    assertThat(json).isEmpty();
  }

  @Test
  void enumNamesAreLowerCasedTheSameInATurkishLocale() {
    Locale before = Locale.getDefault();
    // Turkish lower-cases 'I' to a dotless 'ı': "GIVEN" would become "gıven".
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      assertThat(JsonReports.memory(MemorySnapshot.given(ByteSize.ofGigabytes("18"))))
          .containsEntry("source", "given");
    } finally {
      Locale.setDefault(before);
    }
  }
}
