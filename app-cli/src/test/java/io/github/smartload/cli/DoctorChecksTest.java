package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPressure;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.MemorySource;
import io.github.smartload.core.ModelName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each doctor verdict from the numbers that cause it. */
class DoctorChecksTest {

  private static final Messages EN = new Messages(java.util.Locale.ENGLISH, true);

  private static MemorySnapshot memory(String total, String swapTotal, String swapFree) {
    return new MemorySnapshot(
        ByteSize.ofGigabytes(total),
        ByteSize.ofGigabytes("10"),
        ByteSize.ofGigabytes(swapTotal),
        ByteSize.ofGigabytes(swapFree),
        new MemorySource(MemorySource.Kind.HOST, "/proc/meminfo"),
        Optional.empty());
  }

  @Test
  void swapInUseIsAWarningWithAFix() {
    DoctorCheck check = DoctorChecks.swap(memory("32", "8", "6.5"), EN);

    assertThat(check.status()).isEqualTo(DoctorCheck.Status.WARN);
    assertThat(check.detail()).isEqualTo("1.5 GB of 8.0 GB swap in use: inference slows ~10x");
    assertThat(check.fix()).startsWith("free RAM: smartload unload MODEL");
  }

  @Test
  void emptySwapIsFine() {
    assertThat(DoctorChecks.swap(memory("32", "8", "8"), EN).status())
        .isEqualTo(DoctorCheck.Status.OK);
  }

  @Test
  void ramBelowTheOriginalsMinimums() {
    assertThat(DoctorChecks.ram(memory("15.9", "0", "0"), EN).status())
        .isEqualTo(DoctorCheck.Status.FAIL);
    assertThat(DoctorChecks.ram(memory("25.7", "0", "0"), EN).status())
        .isEqualTo(DoctorCheck.Status.WARN);
    assertThat(DoctorChecks.ram(memory("33.6", "0", "0"), EN).status())
        .isEqualTo(DoctorCheck.Status.OK);
  }

  @Test
  void pressureWarnsWhenTasksWaitAndFailsWhenAllDo() {
    assertThat(DoctorChecks.pressure(Optional.of(new MemoryPressure(12, 0.5)), EN).status())
        .isEqualTo(DoctorCheck.Status.WARN);
    assertThat(DoctorChecks.pressure(Optional.of(new MemoryPressure(40, 8)), EN).status())
        .isEqualTo(DoctorCheck.Status.FAIL);
    assertThat(DoctorChecks.pressure(Optional.of(new MemoryPressure(0.2, 0)), EN).status())
        .isEqualTo(DoctorCheck.Status.OK);
    assertThat(DoctorChecks.pressure(Optional.empty(), EN).detail()).contains("no PSI");
  }

  @Test
  void aServerKeepAliveShorterThanSmartloadsIsAWarning() {
    SystemdUnit.Assignment fiveMinutes =
        new SystemdUnit.Assignment("5m", Path.of("/etc/systemd/system/ollama.service"));

    DoctorCheck check =
        DoctorChecks.keepAlive(true, Optional.of(fiveMinutes), KeepAlive.DEFAULT, EN);

    assertThat(check.status()).isEqualTo(DoctorCheck.Status.WARN);
    assertThat(check.detail())
        .isEqualTo(
            "OLLAMA_KEEP_ALIVE=5m in /etc/systemd/system/ollama.service is shorter than"
                + " smartload's keep-alive 15m");
    assertThat(check.fix()).contains("Environment=\"OLLAMA_KEEP_ALIVE=15m\"");
  }

  @Test
  void serverKeepAliveInSecondsOrForeverIsReadAsOllamaDoes() {
    Path unit = Path.of("/etc/systemd/system/ollama.service");

    assertThat(
            DoctorChecks.keepAlive(
                    true,
                    Optional.of(new SystemdUnit.Assignment("3600", unit)),
                    KeepAlive.DEFAULT,
                    EN)
                .status())
        .isEqualTo(DoctorCheck.Status.OK);
    assertThat(
            DoctorChecks.keepAlive(
                    true,
                    Optional.of(new SystemdUnit.Assignment("-1", unit)),
                    KeepAlive.DEFAULT,
                    EN)
                .status())
        .isEqualTo(DoctorCheck.Status.OK);
    assertThat(
            DoctorChecks.keepAlive(
                    true,
                    Optional.of(new SystemdUnit.Assignment("soon", unit)),
                    KeepAlive.DEFAULT,
                    EN)
                .status())
        .isEqualTo(DoctorCheck.Status.WARN);
  }

  @Test
  void unsetInAUnitMeansOllamasFiveMinuteDefault() {
    DoctorCheck check = DoctorChecks.keepAlive(true, Optional.empty(), KeepAlive.DEFAULT, EN);

    assertThat(check.status()).isEqualTo(DoctorCheck.Status.WARN);
    assertThat(check.detail()).contains("Ollama's default 5m is shorter than smartload's 15m");
  }

  @Test
  void modelsThatDoNotFitTogetherAreAWarning() {
    Instant later = Instant.parse("2026-11-27T05:00:00Z");
    List<LoadedModel> loaded =
        List.of(
            LoadedModel.inRam(ModelName.parse("qwen2.5:32b"), ByteSize.ofGigabytes("21"), later),
            LoadedModel.inRam(ModelName.parse("qwen3:8b"), ByteSize.ofGigabytes("5.7"), later));

    DoctorCheck tight =
        DoctorChecks.together(loaded, memory("30", "0", "0"), LoadPolicy.defaults(), EN);
    DoctorCheck roomy =
        DoctorChecks.together(loaded, memory("64", "0", "0"), LoadPolicy.defaults(), EN);

    assertThat(tight.status()).isEqualTo(DoctorCheck.Status.WARN);
    assertThat(tight.detail())
        .isEqualTo(
            "qwen2.5:32b + qwen3:8b hold 26.7 GB; with the reserve they need 32.0 GB, more than"
                + " the 30.0 GB total");
    assertThat(roomy.status()).isEqualTo(DoctorCheck.Status.OK);
  }
}
