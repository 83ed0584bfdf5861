package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemorySnapshot;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The {@code --json} names, which scripts match on, whatever the machine's locale. */
class JsonReportsTest {

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
